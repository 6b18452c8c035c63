"""The one JSON parser of /v1: strict where Python's json module is lenient.

Python reads `NaN`, `Infinity` and `1e400` (as inf), keeps the last of two
duplicate keys, and recurses once per level of nesting. Each of those is a
place where two readers of the same body can disagree (a proxy, a log
pipeline, PostgreSQL), or where a hostile body costs a 500, so each is a 400.
"""

import json
import math
import re
from collections.abc import Mapping
from typing import IO, Any, NoReturn

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A NUL byte (PostgreSQL refuses it in text and jsonb) or half of a UTF-16
# surrogate pair (no UTF-8 encoder accepts it): neither can be stored.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_character(text: str) -> str | None:
    """The first character of `text` that no database column can hold, if any."""
    found = _UNSTORABLE.search(text)
    return found.group() if found else None


def _refuse_constant(name: str) -> NoReturn:
    raise ParseError(f"JSON parse error - {name} is not a JSON number.")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ParseError(f"JSON parse error - {text[:20]} is too large to be a number.")
    return number


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        # `seen.add` returns None: the `or` records the key and keeps the search going.
        duplicate = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise ParseError(f"JSON parse error - the key {duplicate!r} appears twice in one object.")
    return result


class GuardedJSONParser(JSONParser):
    """JSON with finite numbers and unique keys, at most the upload limit; else a 400."""

    def parse(
        self,
        stream: IO[bytes] | None,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:  # a JSON document: an object, an array or a scalar alike
        if stream is None:
            return None
        # Read at most one byte past the limit: a body without Content-Length
        # must not be read into memory whole before it is found too large.
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise RequestDataTooBig("The request body is larger than the upload limit.")
        try:
            return json.loads(
                raw.decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET),
                parse_constant=_refuse_constant,
                parse_float=_finite_float,
                object_pairs_hook=_object_without_duplicates,
            )
        except RecursionError as error:
            raise ParseError("JSON parse error - the document is nested too deeply.") from error
        except ValueError as error:  # UnicodeDecodeError and JSONDecodeError among them
            raise ParseError(f"JSON parse error - {error}") from error
