from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.audit.conftest import NOON

# Their rows are at NOON; unindexed filters search the week before now.
pytestmark = pytest.mark.usefixtures("near_noon")

LOGS = "/settings/api/logs/"
PAGE = 50


@pytest.fixture
def rows(make_log):
    """120 rows, newest first; rows come in threes that share a second, so times tie."""
    made = [make_log(created_at=NOON - timedelta(seconds=i - i % 3)) for i in range(120)]
    return [row.request_id for row in sorted(made, key=lambda r: (r.created_at, r.id))[::-1]]


@pytest.fixture
def walk(client, alice, shown_ids, link):
    """walk(url, rel) -> the pages met following rel="next" (Older) or "prev" (Newer)."""
    client.force_login(alice)

    def follow(url, rel="next"):
        pages = []
        while url:
            response = client.get(url)
            pages.append(shown_ids(response))
            url = link(response, rel) and LOGS + link(response, rel)
        return pages

    return follow


def test_older_pages_cover_every_row_once_in_order(walk, rows):
    pages = walk(LOGS)

    assert [len(page) for page in pages] == [PAGE, PAGE, 20]
    assert [item for page in pages for item in page] == rows


def test_newer_walks_back_up_through_the_same_pages(client, walk, rows, link):
    second = LOGS + link(client.get(LOGS), "next")
    last = LOGS + link(client.get(second), "next")

    assert walk(last, rel="prev") == [rows[100:], rows[50:100], rows[:50]]


def test_the_newest_page_has_no_newer_link_and_the_oldest_no_older(client, walk, rows, link):
    last = LOGS + link(client.get(LOGS + link(client.get(LOGS), "next")), "next")

    assert link(client.get(LOGS), "prev") is None
    assert link(client.get(last), "next") is None


def test_rows_written_meanwhile_do_not_shift_the_next_page(
    client, walk, rows, make_log, shown_ids, link
):
    older = LOGS + link(client.get(LOGS), "next")

    make_log(created_at=NOON + timedelta(minutes=5))

    assert shown_ids(client.get(older)) == rows[PAGE : 2 * PAGE]


def test_the_page_links_keep_the_filters(client, alice, make_log, walk, link):
    for i in range(140):
        make_log(status=404 if i % 2 else 200, created_at=NOON - timedelta(seconds=i))

    older = link(client.get(f"{LOGS}?status=4xx&method=GET"), "next")

    assert "status=4xx" in older and "method=GET" in older
    assert [len(page) for page in walk(f"{LOGS}?status=4xx&method=GET")] == [PAGE, 20]


def test_a_mangled_cursor_shows_the_newest_page(client, walk, rows, shown_ids):
    assert shown_ids(client.get(f"{LOGS}?before=not-a-cursor")) == rows[:PAGE]


def test_a_deep_page_is_read_without_offset(client, walk, rows, link):
    older = LOGS + link(client.get(LOGS), "next")

    with CaptureQueriesContext(connection) as queries:
        client.get(older)

    log_queries = [q["sql"] for q in queries if "audit_requestlog" in q["sql"]]
    assert log_queries
    assert not any("OFFSET" in sql.upper() for sql in log_queries)
