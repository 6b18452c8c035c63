"""Verified access tokens are kept per process and checked against Redis on every
request (api.credential_cache): no query for a token in use, and a revocation,
a refresh or a membership change holds on the very next request."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services.members import member_remove
from oauthapps.services.authorizations import authorization_revoke

from .conftest import bearer


@pytest.fixture
def cached(real_redis, settings):
    settings.KEY_CACHE_SECONDS = 60


def me(client, token):
    return client.get("/v1/users/me", **bearer(token))


def test_a_token_in_use_costs_no_query_and_one_round_trip(flow, alice, client, cached, round_trips):
    token = flow.tokens_for(alice)["access_token"]
    me(client, token)  # verified, cached, its first use recorded
    me(client, token)  # the script is loaded into Redis (once per server)
    sent_before = len(round_trips)

    with CaptureQueriesContext(connection) as queries:
        assert me(client, token).status_code == 200

    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]  # the log row only
    assert len(round_trips) - sent_before == 1


def test_a_token_revoked_at_the_endpoint_stops_on_the_next_request(flow, alice, client, cached):
    token = flow.tokens_for(alice)["access_token"]
    assert me(client, token).status_code == 200

    flow.http.post(
        "/oauth/revoke",
        {"token": token, "client_id": flow.app.client_id, "client_secret": flow.secret},
    )

    assert me(client, token).status_code == 401


def test_a_refreshed_away_token_stops_on_the_next_request(flow, alice, client, cached):
    tokens = flow.tokens_for(alice)
    assert me(client, tokens["access_token"]).status_code == 200

    fresh = flow.refresh(tokens["refresh_token"]).json()

    assert me(client, tokens["access_token"]).status_code == 401
    assert me(client, fresh["access_token"]).status_code == 200


def test_revoking_an_authorization_stops_its_cached_token(flow, alice, client, cached):
    token = flow.tokens_for(alice)["access_token"]
    assert me(client, token).status_code == 200

    authorization_revoke(
        user=alice, workspace=alice.workspaces.get(), application=flow.app, actor=alice
    )

    assert me(client, token).status_code == 401


def test_a_departed_members_cached_token_stops(flow, alice, bob, client, cached):
    alices = alice.workspaces.get()
    token = flow.tokens_for(bob, workspace=alices)["access_token"]
    assert me(client, token).status_code == 200

    member_remove(workspace=alices, user=bob, actor=alice)

    assert me(client, token).status_code == 401


def test_a_cached_token_past_its_hour_is_token_expired(flow, alice, client, cached):
    token = flow.tokens_for(alice)["access_token"]
    assert me(client, token).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        response = me(client, token)

    assert response.json()["error"]["code"] == "token_expired"
