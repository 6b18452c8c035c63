"""The rules for a record's `fields`: a JSON object, at most 64 KB, at most 8 levels deep."""

import json

from rest_framework.exceptions import ValidationError

MAX_BYTES = 64 * 1024
# The `fields` object itself is level 1; {"address": {"city": "Oslo"}} is 2 levels deep.
MAX_DEPTH = 8


def validate_fields(value) -> None:
    """Raise ValidationError (a list of messages) unless `value` may be stored as fields."""
    if not isinstance(value, dict):
        raise ValidationError('Expected a JSON object, e.g. {"email": "ada@example.com"}.')
    if _deeper_than(value, MAX_DEPTH):
        raise ValidationError(f"Nesting is limited to {MAX_DEPTH} levels of objects and arrays.")
    size = len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_BYTES:
        raise ValidationError(
            f"At most {MAX_BYTES} bytes when serialised as JSON; this is {size} bytes."
        )


def _deeper_than(value, limit: int) -> bool:
    """True when objects and arrays nest more than `limit` levels.

    Iterative, and it stops at the first container past the limit, so a
    hostile document costs no recursion and little time.
    """
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False
