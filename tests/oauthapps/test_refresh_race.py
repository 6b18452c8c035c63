"""Concurrent refreshes of one refresh token, in real threads on the real database.

Each thread is an app instance calling /oauth/token with the same refresh
token at the same moment. The row lock lets exactly one rotate it; every other
one gets `invalid_grant` (never a 500), and counts as a reuse: the family ends.
Runs on whichever database DATABASE_URL names (SQLite by default, PostgreSQL in CI).
"""

import pytest
from django.test import Client

from audit.models import AuditEvent
from oauthapps.models import AccessToken, RefreshToken
from tests.support import at_once

from .conftest import bearer

THREADS = 8


def refresh_at_once(flow, refresh_token: str, threads: int = THREADS) -> list:
    """Fire `threads` refreshes of one token together; returns their responses."""
    data = {
        "grant_type": "refresh_token",
        "refresh_token": refresh_token,
        "client_id": flow.app.client_id,
        "client_secret": flow.secret,
    }
    return at_once(threads, lambda: Client().post("/oauth/token", data))


@pytest.fixture
def raced(transactional_db, flow, alice):
    first = flow.tokens_for(alice)
    return first, refresh_at_once(flow, first["refresh_token"])


def test_exactly_one_of_concurrent_refreshes_gets_a_new_pair(raced):
    _first, responses = raced

    statuses = sorted(response.status_code for response in responses)

    assert statuses == [200] + [400] * (THREADS - 1)
    assert RefreshToken.objects.count() == 2  # the presented one and one successor


def test_every_loser_gets_invalid_grant_as_json_never_a_server_error(raced):
    _first, responses = raced

    losers = [response for response in responses if response.status_code != 200]

    assert losers
    for response in losers:
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "invalid_grant"


def test_a_concurrent_refresh_counts_as_reuse_and_ends_the_session(raced, client, flow):
    _first, responses = raced
    winner = next(r for r in responses if r.status_code == 200).json()

    assert client.get("/v1/users/me", **bearer(winner["access_token"])).status_code == 401
    assert flow.refresh(winner["refresh_token"]).json()["error"] == "invalid_grant"
    assert not AccessToken.objects.exists()


def test_the_race_is_one_security_event(raced, flow):
    event = AuditEvent.objects.get(action="oauth.refresh_token_reused")

    assert event.metadata["client_id"] == flow.app.client_id
