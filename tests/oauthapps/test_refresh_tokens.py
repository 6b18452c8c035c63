"""Refresh tokens rotate on use; replaying an old one revokes the whole family."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from oauthapps.models import AccessToken

from .conftest import bearer


def test_refreshing_returns_a_new_pair_in_the_spec_shape(flow, alice):
    first = flow.tokens_for(alice)

    response = flow.refresh(first["refresh_token"])

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in", "scope"}
    assert (
        body["refresh_token"].startswith("rt_") and body["refresh_token"] != first["refresh_token"]
    )
    assert body["access_token"].startswith("at_") and body["access_token"] != first["access_token"]
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 3600, "read write")


def test_the_new_access_token_works_and_the_old_one_stops(flow, alice, client):
    first = flow.tokens_for(alice)

    second = flow.refresh(first["refresh_token"]).json()

    assert client.get("/v1/users/me", **bearer(second["access_token"])).status_code == 200
    assert client.get("/v1/users/me", **bearer(first["access_token"])).status_code == 401


def test_a_refresh_token_works_only_once(flow, alice):
    first = flow.tokens_for(alice)
    flow.refresh(first["refresh_token"])

    replay = flow.refresh(first["refresh_token"])

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"


def test_replaying_an_old_refresh_token_revokes_the_whole_family(flow, alice, client):
    first = flow.tokens_for(alice)
    second = flow.refresh(first["refresh_token"]).json()

    flow.refresh(first["refresh_token"])

    assert client.get("/v1/users/me", **bearer(second["access_token"])).status_code == 401
    assert flow.refresh(second["refresh_token"]).status_code == 400


def test_the_refreshed_token_keeps_the_workspace(flow, alice):
    first = flow.tokens_for(alice)

    flow.refresh(first["refresh_token"])

    assert AccessToken.objects.get().workspace == alice.workspaces.get()


def test_a_refresh_cannot_widen_the_scope(flow, alice):
    first = flow.tokens_for(alice, scope="read")

    response = flow.refresh(first["refresh_token"], scope="read write")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_an_idle_refresh_token_expires_after_thirty_days(flow, alice):
    first = flow.tokens_for(alice)

    with time_machine.travel(timezone.now() + timedelta(days=30, hours=2)):
        response = flow.refresh(first["refresh_token"])

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


def test_a_refresh_token_used_within_thirty_days_keeps_working(flow, alice):
    first = flow.tokens_for(alice)

    with time_machine.travel(timezone.now() + timedelta(days=29)):
        response = flow.refresh(first["refresh_token"])

    assert response.status_code == 200


def test_a_user_who_left_the_workspace_cannot_refresh(flow, alice, bob):
    alices = alice.workspaces.get()
    tokens = flow.tokens_for(bob, workspace=alices)
    bob.memberships.filter(workspace=alices).delete()

    response = flow.refresh(tokens["refresh_token"])

    assert response.status_code == 400
