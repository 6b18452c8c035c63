"""api.pagination walks forward and back over the same pages, on either kind of
tie-breaker, in either order; a cursor names its list's kind of tie-breaker."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api.pagination import InvalidCursor, Position, decode_cursor, paginate
from audit.models import AuditEvent

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
ORDERS = [
    pytest.param("public_id", True, id="public_id newest first"),
    pytest.param("id", True, id="id newest first"),
    pytest.param("public_id", False, id="public_id oldest first"),
    pytest.param("id", False, id="id oldest first"),
]


@pytest.fixture
def events(workspace):
    """Eleven events; they come in pairs that share a second, so times tie."""
    for second in range(11):
        AuditEvent.objects.create(
            workspace=workspace,
            action="api_key.created",
            created_at=START + timedelta(seconds=second // 2),
        )
    return AuditEvent.objects.filter(workspace=workspace)


def kind_of(tiebreak: str) -> type:
    return int if tiebreak == "id" else str


def walk_forward(events, tiebreak, newest_first):
    pages, after = [], None
    while True:
        page = paginate(events, limit=4, after=after, tiebreak=tiebreak, newest_first=newest_first)
        pages.append(page)
        if not page.has_more:
            return pages
        after = decode_cursor(page.next_cursor, kind_of(tiebreak))


@pytest.mark.parametrize("tiebreak, newest_first", ORDERS)
def test_the_pages_cover_every_row_once_in_order(events, tiebreak, newest_first):
    pages = walk_forward(events, tiebreak, newest_first)

    sign = "-" if newest_first else ""
    expected = list(events.order_by(f"{sign}created_at", f"{sign}{tiebreak}"))
    assert [len(page.items) for page in pages] == [4, 4, 3]
    assert [row for page in pages for row in page.items] == expected


@pytest.mark.parametrize("tiebreak, newest_first", ORDERS)
def test_walking_back_up_retraces_the_same_pages(events, tiebreak, newest_first):
    forward = walk_forward(events, tiebreak, newest_first)

    back, cursor = [], forward[-1].previous_cursor
    while cursor:
        before = decode_cursor(cursor, kind_of(tiebreak))
        page = paginate(
            events, limit=4, before=before, tiebreak=tiebreak, newest_first=newest_first
        )
        back.append(page.items)
        cursor = page.previous_cursor

    assert back == [page.items for page in forward[-2::-1]]


def test_the_first_page_has_no_previous_and_the_last_no_next(events):
    pages = walk_forward(events, "id", True)

    assert pages[0].previous_cursor is None
    assert pages[-1].next_cursor is None and pages[-1].has_more is False


def test_walking_back_from_inside_the_first_page_shows_the_first_page_whole(events):
    newest = list(events.order_by("-created_at", "-id"))

    page = paginate(events, limit=4, before=Position.of(newest[2], "id"), tiebreak="id")

    assert page.items == newest[:4]
    assert page.previous_cursor is None


@pytest.mark.parametrize("last, kind", [(7, str), ("evt_abc", int), (True, int)])
def test_a_cursor_of_another_kind_of_list_is_refused(last, kind):
    with pytest.raises(InvalidCursor):
        decode_cursor(Position(START, last).encode(), kind)


def test_a_records_cursor_is_a_400_on_the_audit_logs(alice, key_client):
    admin = key_client(alice, permissions=["admin"])

    response = admin.get("/v1/audit-logs", {"cursor": Position(START, "rec_abc").encode()})

    assert response.status_code == 400
    assert response.json()["error"]["details"]["cursor"]


def test_the_next_page_asks_the_database_for_a_time_range(events):
    after = Position.of(events.order_by("-created_at", "-id")[3], "id")

    with CaptureQueriesContext(connection) as queries:
        paginate(events, limit=4, after=after, tiebreak="id")

    assert '"created_at" <=' in queries[-1]["sql"]
