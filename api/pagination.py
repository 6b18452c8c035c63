"""Keyset pagination for every list: no OFFSET, one cursor format.

Rows are ordered by (created_at, a unique tie-breaker), newest first unless a
list says otherwise (members are listed in the order they joined). The
tie-breaker (the row's public id, its integer id, or the member's user id)
orders rows created in the same microsecond. A cursor carries a row's pair, so
a page costs one indexed range scan however deep it is, rows inserted meanwhile
never shift later pages, and the cursor reveals nothing a client has not
already seen in the response. It is not signed: it only positions a query that
is scoped to the caller's own rows anyway.

A /v1 list validates `ListParamsSerializer` (or a subclass adding its
filters), takes its `page` of the rows and answers `page_response`; `page_serializer`
names its schema's 200. A page can also walk back up (`before`), for the
Logs pages' Newer link.
"""

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any, ClassVar, Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from rest_framework import serializers
from rest_framework.response import Response

DEFAULT_LIMIT = 25
MAX_LIMIT = 100
INVALID_CURSOR = "Not a cursor this API returned."
# Room for an ISO timestamp and a public id, base64-encoded, with margin.
MAX_CURSOR_LENGTH = 200
CURSOR_ID = re.compile(r"[A-Za-z0-9_]{1,32}")
# An integer tie-breaker is a primary key: a bigint, never negative.
MAX_ROW_ID = 2**63 - 1

TieBreak = str | int
Row = TypeVar("Row", bound=Model)


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    """Where a row sits in a list's order; encoded, it is a cursor."""

    created_at: datetime
    last: TieBreak  # the row's tie-breaker

    @classmethod
    def of(cls, row: Model, tiebreak: str = "public_id") -> "Position":
        created_at, last = attrgetter("created_at", tiebreak.replace("__", "."))(row)
        return cls(created_at, last)

    def encode(self) -> str:
        payload = json.dumps([self.created_at.isoformat(), self.last], separators=(",", ":"))
        return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, tiebreak_type: type[TieBreak] = str) -> Position:
    """The position a cursor names; InvalidCursor for anything this API did not issue.

    A cursor is short (a timestamp and an id), so anything longer is refused
    before it is decoded; the id must be of the list's kind and look like one,
    so nothing a database cannot hold (a NUL byte, a surrogate, a number past a
    bigint) reaches a query, and the time must be one that converts to UTC.
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
    # `type() is`, not isinstance: JSON's true is no row id.
    if type(last) is not tiebreak_type or not _looks_like_an_id(last):
        raise InvalidCursor(INVALID_CURSOR)
    return Position(created_at, last)


def _looks_like_an_id(last: TieBreak) -> bool:
    if isinstance(last, str):
        return CURSOR_ID.fullmatch(last) is not None
    return 0 <= last <= MAX_ROW_ID


@dataclass(frozen=True)
class Page(Generic[Row]):
    items: list[Row]
    next_cursor: str | None  # set when rows follow: the last item's position
    previous_cursor: str | None = None  # set when rows precede: the first item's

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None


def paginate(
    queryset: QuerySet[Row],
    *,
    limit: int,
    after: Position | None = None,
    before: Position | None = None,
    tiebreak: str = "public_id",
    newest_first: bool = True,
) -> Page[Row]:
    """Up to `limit` rows: those following `after` in the list's order (the next
    page), or those just preceding `before` (walking back up), or the first ones.

    `tiebreak` is a unique field (a lookup path such as "user__public_id" is
    fine) that orders rows sharing a `created_at`."""
    if before is not None:
        rows = _walk(queryset, before, limit, tiebreak, down=not newest_first)
        if len(rows) > limit:
            items = rows[:limit][::-1]
            first, last = Position.of(items[0], tiebreak), Position.of(items[-1], tiebreak)
            follows = queryset.filter(following(last, tiebreak, newest_first=newest_first))
            return Page(items, last.encode() if follows.exists() else None, first.encode())
        after = None  # less than a page precedes it: back at the top, a full first page
    rows = _walk(queryset, after, limit, tiebreak, down=newest_first)
    items = rows[:limit]
    next_cursor = Position.of(items[-1], tiebreak).encode() if len(rows) > limit else None
    previous = None
    if after is not None:  # rows precede this page: the reader came from them
        previous = Position.of(items[0], tiebreak) if items else after
    return Page(items, next_cursor, previous.encode() if previous else None)


def _walk(
    queryset: QuerySet[Row], start: Position | None, limit: int, tiebreak: str, *, down: bool
) -> list[Row]:
    """`limit` + 1 rows from past `start` (or the top) on, going down the
    (created_at, tiebreak) order or up it: one row more than shown tells
    whether another page follows, without a COUNT."""
    if start is not None:
        queryset = queryset.filter(following(start, tiebreak, newest_first=down))
    sign = "-" if down else ""
    return list(queryset.order_by(f"{sign}created_at", f"{sign}{tiebreak}")[: limit + 1])


def following(position: Position, tiebreak: str = "public_id", *, newest_first: bool = True) -> Q:
    """The rows after `position` in a list's (created_at, tiebreak) order.

    As `created_at <= t AND (created_at < t OR tiebreak < last)` (newest first):
    the redundant first term gives the database an index range to scan, and a
    partitioned table (the request log on PostgreSQL) the partitions to skip."""
    op = "lt" if newest_first else "gt"
    at = position.created_at
    return Q(**{f"created_at__{op}e": at}) & (
        Q(**{f"created_at__{op}": at}) | Q(**{f"{tiebreak}__{op}": position.last})
    )


def limit_field(default: int = DEFAULT_LIMIT) -> serializers.IntegerField:
    """`?limit=`, 1 to MAX_LIMIT; a list whose rows are small may show more by default."""
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_LIMIT,
        default=default,
        help_text=f"How many items to return, 1 to {MAX_LIMIT}.",
    )


class ListParamsSerializer(serializers.Serializer[Any]):
    """`?limit=&cursor=`, as every list takes them; `cursor` validates to a Position."""

    # The kind of the list's tie-breaker: a cursor carrying another kind is refused.
    tiebreak_type: ClassVar[type[TieBreak]] = str

    limit = limit_field()
    cursor = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The `next_cursor` of the previous page; omit for the first page.",
    )

    def validate_cursor(self, value: str) -> Position | None:
        if not value:
            return None
        try:
            return decode_cursor(value, self.tiebreak_type)
        except InvalidCursor as error:
            raise serializers.ValidationError(str(error)) from error

    def page(
        self, queryset: QuerySet[Row], *, tiebreak: str = "public_id", newest_first: bool = True
    ) -> Page[Row]:
        """The page of `queryset` these parameters, once valid, ask for."""
        return paginate(
            queryset,
            limit=self.validated_data["limit"],
            after=self.validated_data.get("cursor"),
            tiebreak=tiebreak,
            newest_first=newest_first,
        )


class PageSerializer(serializers.Serializer[Any]):
    # A page's shape, for the schema; page_serializer() adds the items.

    has_more = serializers.BooleanField(help_text="True when another page follows this one.")
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as `cursor` to fetch the next page; null on the last."
    )


def page_serializer(name: str, item: type[serializers.BaseSerializer[Any]]) -> type[PageSerializer]:
    """The schema of a page of `item`s, named `name` (the OpenAPI component's name).

    Built rather than declared: a field named `data` in a class body would
    read to a type checker as an override of Serializer.data."""
    return type(name, (PageSerializer,), {"data": item(many=True)})


def page_response(
    page: Page[Any],
    item_serializer: type[serializers.BaseSerializer[Any]],
    **serializer_options: Any,
) -> Response:
    """`{"data": [...], "has_more": bool, "next_cursor": ...}`."""
    data = item_serializer(page.items, many=True, **serializer_options).data
    return Response({"data": data, "has_more": page.has_more, "next_cursor": page.next_cursor})
