"""Filters without an index (status, method, path) search a week at a time, with a link
to the week before; the API does the same unless given `since`."""

from datetime import timedelta

import pytest

from tests.audit.conftest import NOON

pytestmark = pytest.mark.usefixtures("near_noon")


@pytest.fixture
def page(client, alice):
    client.force_login(alice)
    return lambda query: client.get(f"/settings/api/logs/?{query}")


def test_a_status_filter_searches_the_last_7_days_and_links_to_the_week_before(
    page, make_log, shown_ids
):
    recent = make_log(status=500, created_at=NOON - timedelta(days=6))
    older = make_log(status=500, created_at=NOON - timedelta(days=9))

    response = page("status=5xx")
    html = response.content.decode()

    assert shown_ids(response) == [recent.request_id]
    assert "the last 7 days" in html
    assert "date_from=2025-03-01&amp;date_to=2025-03-07" in html  # the week before Mar 7, 13:00
    assert shown_ids(page("status=5xx&date_from=2025-03-01&date_to=2025-03-07")) == [
        older.request_id
    ]


def test_indexed_filters_are_not_bounded(page, make_log, shown_ids):
    old = make_log(created_at=NOON - timedelta(days=60))

    response = page("environment=live")

    assert shown_ids(response) == [old.request_id]
    assert "search-window" not in response.content.decode()


def test_the_api_bounds_a_method_filter_unless_since_is_given(alice, key_client, make_log):
    api = key_client(alice, permissions=["admin"])
    old = make_log(method="DELETE", created_at=NOON - timedelta(days=30))

    def ids(query):
        return [item["id"] for item in api.get(f"/v1/audit-logs?{query}").json()["data"]]

    assert ids("method=DELETE") == []
    assert ids("method=DELETE&since=2025-01-01T00:00:00Z") == [old.request_id]


def test_in_a_busy_workspace_the_window_is_its_newest_rows(page, make_log, shown_ids, monkeypatch):
    """However many rows a week holds, a filter that matches little reads a bounded
    number of them: the window starts at the oldest of the newest UNINDEXED_ROWS."""
    monkeypatch.setattr("audit.selectors.UNINDEXED_ROWS", 3)
    old_match = make_log(status=500, created_at=NOON - timedelta(hours=5))
    for hours in (4, 3, 2):
        make_log(status=200, created_at=NOON - timedelta(hours=hours))
    new_match = make_log(status=500, created_at=NOON - timedelta(hours=1))

    response = page("status=5xx")

    assert shown_ids(response) == [new_match.request_id]
    assert "the newest 3 requests" in response.content.decode()
    assert shown_ids(page("status=5xx&date_from=2025-03-14&date_to=2025-03-14")) == [
        new_match.request_id,
        old_match.request_id,
    ]
