"""Keyset pagination for every /v1 list: no OFFSET, one cursor format.

Rows are ordered by (created_at, a unique tie-breaker), newest first unless a
list says otherwise (members are listed in the order they joined). The
tie-breaker (the row's public id, or the member's user id) orders rows created
in the same microsecond. The cursor carries the last row's pair, so a page
costs one indexed range scan however deep it is, rows inserted meanwhile never
shift later pages, and the cursor reveals nothing a client has not already seen
in the response. It is not signed: it only positions a query that is scoped to
the caller's own rows anyway.

A list view validates `ListParamsSerializer` (or a subclass adding its
filters), calls `paginate` and answers `page_response`; its schema's 200 is a
`PageSerializer` subclass naming the items.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter

from django.db.models import Q, QuerySet
from rest_framework import serializers
from rest_framework.response import Response

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
INVALID_CURSOR = "Not a cursor this API returned."
# Room for an ISO timestamp and a public id, base64-encoded, with margin.
MAX_CURSOR_LENGTH = 200
CURSOR_ID = re.compile(r"[A-Za-z0-9_]{1,32}")


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: list
    has_more: bool
    next_cursor: str | None


def paginate(
    queryset: QuerySet,
    *,
    limit: int,
    after: tuple[datetime, str] | None = None,
    tiebreak: str = "public_id",
    newest_first: bool = True,
) -> Page:
    """Up to `limit` rows after the position a cursor decoded to.

    `tiebreak` is a unique field (a lookup path such as "user__public_id" is
    fine) that orders rows sharing a `created_at`."""
    beyond = "lt" if newest_first else "gt"
    if after is not None:
        created_at, last = after
        queryset = queryset.filter(
            Q(**{f"created_at__{beyond}": created_at})
            | Q(created_at=created_at, **{f"{tiebreak}__{beyond}": last})
        )
    sign = "-" if newest_first else ""
    # One row more than asked tells whether another page exists, without a COUNT.
    rows = list(queryset.order_by(f"{sign}created_at", f"{sign}{tiebreak}")[: limit + 1])
    has_more = len(rows) > limit
    items = rows[:limit]
    next_cursor = encode_cursor(items[-1], tiebreak) if has_more else None
    return Page(items=items, has_more=has_more, next_cursor=next_cursor)


def encode_cursor(row, tiebreak: str = "public_id") -> str:
    last = attrgetter(tiebreak.replace("__", "."))(row)
    payload = json.dumps([row.created_at.isoformat(), last], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str]:
    """The position a cursor names; InvalidCursor for anything this API did not issue.

    A cursor is short (a timestamp and an id), so anything longer is refused
    before it is decoded; the id must look like one, so nothing a database
    cannot hold (a NUL byte, a surrogate) reaches a query, and the time must
    be one that converts to UTC.
    """
    if not isinstance(cursor, str) or len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor(INVALID_CURSOR)
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        created, last = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        created_at = datetime.fromisoformat(created)
        if created_at.tzinfo is None:
            raise InvalidCursor(INVALID_CURSOR)
        created_at = created_at.astimezone(UTC)
    except (ValueError, TypeError, OverflowError, UnicodeError, binascii.Error) as error:
        raise InvalidCursor(INVALID_CURSOR) from error
    if not isinstance(last, str) or not CURSOR_ID.fullmatch(last):
        raise InvalidCursor(INVALID_CURSOR)
    return created_at, last


class ListParamsSerializer(serializers.Serializer):
    """`?limit=&cursor=`, as every list takes them; `cursor` validates to a position."""

    limit = serializers.IntegerField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=DEFAULT_LIMIT,
        help_text=f"How many items to return, 1 to {MAX_LIMIT}.",
    )
    cursor = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The `next_cursor` of the previous page; omit for the first page.",
    )

    def validate_cursor(self, value):
        if not value:
            return None
        try:
            return decode_cursor(value)
        except InvalidCursor as error:
            raise serializers.ValidationError(str(error)) from error


class PageSerializer(serializers.Serializer):
    # A page's shape, for the schema; a subclass adds `data = ItemSerializer(many=True)`.

    has_more = serializers.BooleanField(help_text="True when another page follows this one.")
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as `cursor` to fetch the next page; null on the last."
    )


def page_response(page: Page, item_serializer, **serializer_options) -> Response:
    """`{"data": [...], "has_more": bool, "next_cursor": ...}`."""
    return Response(
        {
            "data": item_serializer(page.items, many=True, **serializer_options).data,
            "has_more": page.has_more,
            "next_cursor": page.next_cursor,
        }
    )
