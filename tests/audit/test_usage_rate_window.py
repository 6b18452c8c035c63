"""Settings > API > Usage: each key's use of its current rate-limit window."""

import re
from datetime import UTC, datetime

import pytest

NOW = datetime(2026, 3, 10, 12, 30, 10, tzinfo=UTC)
URL = "/settings/api/usage/"


pytestmark = pytest.mark.usefixtures("frozen")


def window_of(html: str, key) -> str:
    row = re.search(rf'<tr data-key="{key.public_id}">(.*?)</tr>', html, re.S)[1]
    return re.search(r'data-stat="window">(.*?)</td>', row, re.S)[1]


def test_the_bar_counts_this_minutes_requests_against_the_live_limit(web, alice, key_client):
    client = key_client(alice, livemode=True)
    for _ in range(3):
        assert client.get("/v1/users/me").status_code == 200

    window = window_of(web.get(URL).content.decode(), client.key)

    assert 'aria-label="3 of 1000 requests this minute"' in window
    assert "<strong>3</strong> / 1,000" in window
    assert '<rect width="2.00"' in window  # drawn, however small a share


def test_a_test_key_is_measured_against_the_test_limit(web, alice, key_client):
    client = key_client(alice, livemode=False)
    for _ in range(25):
        client.get("/v1/users/me")

    window = window_of(web.get(URL).content.decode(), client.key)

    assert 'aria-label="25 of 100 requests this minute"' in window
    assert '<rect width="25.00"' in window


def test_a_keys_own_limit_replaces_the_default(web, alice, key_client):
    client = key_client(alice)
    client.key.rate_limit = 4
    client.key.save()
    for _ in range(6):
        client.get("/v1/users/me")

    window = window_of(web.get(URL).content.decode(), client.key)

    assert 'aria-label="6 of 4 requests this minute"' in window
    assert '<rect width="100.00"' in window
    assert "#d64545" in window  # full: drawn in red


def test_the_bar_empties_when_the_next_window_starts(web, alice, key_client, frozen):
    client = key_client(alice)
    client.get("/v1/users/me")

    frozen.shift(60)

    assert 'aria-label="0 of 1000 requests this minute"' in window_of(
        web.get(URL).content.decode(), client.key
    )
