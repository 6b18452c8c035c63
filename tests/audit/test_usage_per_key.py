"""Settings > API > Usage: what each active key did, from the request logs."""

from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from audit.models import RequestLog
from tests.audit.usage_rows import key_row

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
URL = "/settings/api/usage/"


pytestmark = pytest.mark.usefixtures("frozen")


def log(key, *, ago, status=200, method="GET", count=1):
    RequestLog.objects.create(
        request_id="req_test",
        workspace=key.workspace,
        api_key=key,
        livemode=key.livemode,
        method=method,
        path="/v1/users/me",
        status=status,
        count=count,
        created_at=NOW - ago,
    )


def test_it_counts_a_keys_requests_in_the_last_24_hours_and_7_days(web, alice, make_key):
    key, _ = make_key(alice, name="Zapier")
    log(key, ago=timedelta(hours=1))
    log(key, ago=timedelta(hours=23))
    log(key, ago=timedelta(days=3))
    log(key, ago=timedelta(days=8))

    stats = key_row(web.get(URL).content.decode(), key)

    assert stats["requests_24h"] == "2"
    assert stats["requests_7d"] == "3"


def test_a_folded_row_counts_as_all_the_requests_it_stands_for(web, alice, make_key):
    key, _ = make_key(alice)
    log(key, ago=timedelta(minutes=5), status=401, count=40)
    log(key, ago=timedelta(minutes=4))

    stats = key_row(web.get(URL).content.decode(), key)

    assert stats["requests_24h"] == "41"
    assert stats["error_rate"] == "97.6%"


def test_the_error_rate_is_the_share_of_4xx_and_5xx_over_7_days(web, alice, make_key):
    key, _ = make_key(alice)
    log(key, ago=timedelta(hours=2), count=6)
    log(key, ago=timedelta(hours=2), status=404)
    log(key, ago=timedelta(hours=2), status=500)
    log(key, ago=timedelta(days=9), status=500, count=50)  # too old to count

    stats = key_row(web.get(URL).content.decode(), key)

    assert stats["error_rate"] == "25.0%"


def test_it_counts_429s_over_7_days(web, alice, make_key):
    key, _ = make_key(alice)
    log(key, ago=timedelta(hours=3), status=429, count=12)
    log(key, ago=timedelta(days=2), status=429)
    log(key, ago=timedelta(days=10), status=429)

    stats = key_row(web.get(URL).content.decode(), key)

    assert stats["rate_limited_7d"] == "13"


def test_an_unused_key_shows_zeros_and_no_error_rate(web, alice, make_key):
    key, _ = make_key(alice)

    stats = key_row(web.get(URL).content.decode(), key)

    assert (stats["requests_24h"], stats["requests_7d"], stats["rate_limited_7d"]) == (
        "0",
        "0",
        "0",
    )
    assert stats["error_rate"] == "\N{EN DASH}"  # no requests, no rate


def test_it_lists_live_and_test_keys_but_not_revoked_ones(web, alice, make_key):
    from apikeys.services import key_revoke

    live, _ = make_key(alice, name="Live sync", livemode=True)
    test, _ = make_key(alice, name="Sandbox sync", livemode=False)
    gone, _ = make_key(alice, name="Old sync")
    key_revoke(key=gone, actor=alice)

    html = web.get(URL).content.decode()

    assert f'data-key="{live.public_id}"' in html
    assert f'data-key="{test.public_id}"' in html
    assert f'data-key="{gone.public_id}"' not in html


def test_it_never_shows_another_workspaces_keys_or_traffic(web, charlie, make_key):
    theirs, _ = make_key(charlie, name="Charlie's key")
    log(theirs, ago=timedelta(hours=1), count=99)

    response = web.get(URL)

    assert theirs.public_id not in response.content.decode()
    assert "Charlie" not in response.content.decode()
    assert response.context["chart"].total == 0


def test_it_asks_for_a_login(db):
    response = Client().get(URL)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
