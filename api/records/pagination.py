"""Keyset pagination for records: newest first, no OFFSET.

Rows are ordered by (created_at, public_id), both descending; the public id
breaks ties between rows created in the same microsecond. The cursor carries
the last row's pair, so a page costs one indexed range scan however deep it
is, rows inserted meanwhile never shift later pages, and the cursor reveals
nothing a client has not already seen in the response. It is not signed: it
only positions a query that is scoped to the caller's own rows anyway.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: list
    has_more: bool
    next_cursor: str | None


def paginate(queryset: QuerySet, *, limit: int, after: tuple[datetime, str] | None = None) -> Page:
    """Up to `limit` rows, newest first, starting after the position a cursor decoded to."""
    if after is not None:
        created_at, public_id = after
        queryset = queryset.filter(
            Q(created_at__lt=created_at) | Q(created_at=created_at, public_id__lt=public_id)
        )
    # One row more than asked tells whether another page exists, without a COUNT.
    rows = list(queryset.order_by("-created_at", "-public_id")[: limit + 1])
    has_more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(items[-1]) if has_more else None
    return Page(items=items, has_more=has_more, next_cursor=next_cursor)


def encode_cursor(row) -> str:
    payload = json.dumps([row.created_at.isoformat(), row.public_id], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, public_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        created_at = datetime.fromisoformat(created)
    except (ValueError, TypeError, UnicodeError, binascii.Error) as error:
        raise InvalidCursor("Not a cursor this API returned.") from error
    if created_at.tzinfo is None or not isinstance(public_id, str) or len(public_id) > 32:
        raise InvalidCursor("Not a cursor this API returned.")
    return created_at, public_id
