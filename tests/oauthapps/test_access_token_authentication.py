"""`Authorization: Bearer at_...` on /v1: who it is, and the errors when it is not."""

from datetime import timedelta

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from oauthapps.models import AccessToken

from .conftest import bearer


def me(client, token):
    return client.get("/v1/users/me", **bearer(token))


def test_an_expired_token_gets_401_token_expired(flow, alice, client):
    token = flow.tokens_for(alice)["access_token"]

    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        response = me(client, token)

    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "token_expired", "message": "Token expired", "status": 401}
    }
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_token_is_good_for_an_hour(flow, alice, client):
    token = flow.tokens_for(alice)["access_token"]

    with time_machine.travel(timezone.now() + timedelta(seconds=3590)):
        assert me(client, token).status_code == 200


def test_an_unknown_token_gets_401_authentication_failed(db, client):
    response = me(client, "at_" + "x" * 43)

    assert response.status_code == 401
    assert response.json()["error"] == {
        "code": "authentication_failed",
        "message": "Invalid access token",
        "status": 401,
    }


def test_a_revoked_token_gets_401_authentication_failed(flow, alice, client):
    token = flow.tokens_for(alice)["access_token"]
    flow.revoke(token)

    assert me(client, token).json()["error"]["code"] == "authentication_failed"


def test_a_token_stops_working_when_its_user_leaves_the_workspace(flow, alice, bob, client):
    alices = alice.workspaces.get()
    token = flow.tokens_for(bob, workspace=alices)["access_token"]
    assert me(client, token).status_code == 200

    bob.memberships.filter(workspace=alices).delete()

    assert me(client, token).json()["error"]["code"] == "authentication_failed"


def test_a_deactivated_users_token_stops_working(flow, alice, client):
    token = flow.tokens_for(alice)["access_token"]

    alice.is_active = False
    alice.save()

    assert me(client, token).status_code == 401


def test_it_looks_the_token_up_with_a_single_query(flow, alice, client, local_memory):
    """Without Redis no token is cached (test_token_cache.py covers the cache)."""
    token = flow.tokens_for(alice)["access_token"]
    me(client, token)  # records the first use

    with CaptureQueriesContext(connection) as queries:
        assert me(client, token).status_code == 200

    oauth_queries = [q["sql"] for q in queries.captured_queries if "oauthapps_" in q["sql"]]
    assert len(oauth_queries) == 1
    assert oauth_queries[0].startswith("SELECT")


def test_last_use_is_written_at_most_once_a_minute(flow, alice, client):
    token = flow.tokens_for(alice)["access_token"]
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        me(client, token)
    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        me(client, token)
    assert AccessToken.objects.get().last_used_at == start

    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        me(client, token)
    assert AccessToken.objects.get().last_used_at == start + timedelta(seconds=61)
