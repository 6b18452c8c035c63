from datetime import timedelta

import pytest

from tests.audit.conftest import NOON

# Their rows are at NOON; unindexed filters search the week before now.
pytestmark = pytest.mark.usefixtures("near_noon")

URL = "/v1/audit-logs"


@pytest.fixture
def admin_api(alice, key_client):
    return key_client(alice, permissions=["admin"], name="SIEM export")


def walk(client, query):
    pages, cursor = [], ""
    while True:
        body = client.get(f"{URL}?{query}&cursor={cursor}" if cursor else f"{URL}?{query}").json()
        pages.append([item["id"] for item in body["data"]])
        if not body["has_more"]:
            assert body["next_cursor"] is None
            return pages
        cursor = body["next_cursor"]


def test_cursor_pages_cover_every_row_once_in_order(admin_api, make_log):
    made = [make_log(created_at=NOON - timedelta(seconds=i // 2)) for i in range(25)]
    expected = [r.request_id for r in sorted(made, key=lambda r: (r.created_at, r.id))[::-1]]

    pages = walk(admin_api, "limit=10")

    assert [len(page) for page in pages] == [10, 10, 5]
    assert [item for page in pages for item in page] == expected


def test_the_default_page_is_fifty(admin_api, make_log):
    for i in range(51):
        make_log(created_at=NOON - timedelta(seconds=i))

    body = admin_api.get(URL).json()

    assert len(body["data"]) == 50
    assert body["has_more"] is True


def test_the_cursor_keeps_working_with_filters(admin_api, make_log):
    for i in range(30):
        make_log(status=500 if i % 3 == 0 else 200, created_at=NOON - timedelta(seconds=i))

    pages = walk(admin_api, "status=5xx&limit=4")

    assert [len(page) for page in pages] == [4, 4, 2]


def test_events_paginate_the_same_way(admin_api, make_event):
    for i in range(7):
        make_event("oauth.authorized", created_at=NOON - timedelta(seconds=i))

    pages = walk(admin_api, "type=events&action=oauth.&limit=3")

    assert [len(page) for page in pages] == [3, 3, 1]
    assert len(set([item for page in pages for item in page])) == 7
