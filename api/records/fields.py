"""The rules for a record's `fields`: a JSON object, at most 64 KB, at most 8 levels deep.

The size is the one the databases store, so that a record accepted just under
the limit is never found over it when it is next updated. Django's JSONField
writes `json.dumps(value)`: ASCII only ("é" is the six bytes `\\u00e9`) and
the default separators (`", "`, `": "`). PostgreSQL's jsonb keeps numbers as
`numeric` and gives them back without an exponent (1e300 is stored and read
back as 301 digits), so a float is counted as that plain decimal. The count
is thus the larger of what SQLite and PostgreSQL hold.

Text must be storable too: PostgreSQL refuses a NUL byte in jsonb, and no
UTF-8 encoder accepts half of a surrogate pair.
"""

import json
import math
from decimal import Decimal
from typing import Any

from rest_framework.exceptions import ValidationError

from api.parsers import unstorable_character

MAX_BYTES = 64 * 1024
# The `fields` object itself is level 1; {"address": {"city": "Oslo"}} is 2 levels deep.
MAX_DEPTH = 8


def validate_fields(value: object) -> None:
    """Raise ValidationError (a list of messages) unless `value` may be stored as fields."""
    if not isinstance(value, dict):
        raise ValidationError('Expected a JSON object, e.g. {"email": "ada@example.com"}.')
    float_growth = _walk(value)
    size = stored_size(value, float_growth)
    if size > MAX_BYTES:
        raise ValidationError(
            f"At most {MAX_BYTES} bytes when stored as JSON; this is {size} bytes."
        )


def stored_size(value: dict[str, Any], float_growth: int | None = None) -> int:
    """Bytes of `value` as stored: Django's json.dumps, floats as PostgreSQL prints them."""
    if float_growth is None:
        float_growth = _walk(value)
    return len(json.dumps(value)) + float_growth


def _walk(value: object) -> int:
    """Check depth and text; return how many bytes PostgreSQL adds to the floats.

    Iterative, and it stops at the first container past the limit, so a
    hostile document costs no recursion and little time.
    """
    growth = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_text(node)
        elif isinstance(node, float):
            if not math.isfinite(node):
                raise ValidationError("Numbers must be finite: JSON has no NaN or Infinity.")
            growth += _plain_decimal_growth(node)
        elif isinstance(node, dict | list):
            if depth > MAX_DEPTH:
                raise ValidationError(
                    f"Nesting is limited to {MAX_DEPTH} levels of objects and arrays."
                )
            children = node.values() if isinstance(node, dict) else node
            if isinstance(node, dict):
                stack.extend((key, depth) for key in node)
            stack.extend((child, depth + 1) for child in children)
    return growth


def _check_text(text: str) -> None:
    bad = unstorable_character(text)
    if bad is not None:
        raise ValidationError(
            f"Text may not contain the character U+{ord(bad):04X} (a NUL byte or a lone "
            "surrogate): no database can store it."
        )


def _plain_decimal_growth(number: float) -> int:
    # repr() is what json.dumps writes; format "f" is numeric's output (no exponent).
    written = repr(number)
    if "e" not in written:
        return 0
    return len(format(Decimal(written), "f")) - len(written)
