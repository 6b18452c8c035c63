"""A rotated refresh token presented again: invalid_grant, the family revoked, one event.

The "lost race" here is made deterministic: the token is rotated by another
request after this one validated it and before it saves its new pair, which is
exactly where a concurrent loser stands when it gets the row lock.
"""

from unittest import mock

from audit.models import AuditEvent
from oauthapps.models import AccessToken, RefreshToken
from oauthapps.oauth.validator import OAuth2Validator

from .conftest import bearer


def rotated_meanwhile(flow, refresh_token):
    """Patch validation so that another app instance rotates the token right after it."""
    validate = OAuth2Validator.validate_refresh_token
    state = {"winner": None}

    def validate_then_lose(self, *args, **kwargs):
        valid = validate(self, *args, **kwargs)
        if state["winner"] is None:
            state["winner"] = "pending"
            state["winner"] = flow.refresh(refresh_token).json()
        return valid

    return mock.patch.object(OAuth2Validator, "validate_refresh_token", validate_then_lose), state


def test_a_refresh_that_loses_the_race_gets_invalid_grant(flow, alice):
    first = flow.tokens_for(alice)
    patch, state = rotated_meanwhile(flow, first["refresh_token"])

    with patch:
        response = flow.refresh(first["refresh_token"])

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "invalid_grant"
    assert state["winner"]["refresh_token"].startswith("rt_")


def test_losing_the_race_revokes_the_winners_pair_too(flow, alice, client):
    first = flow.tokens_for(alice)
    patch, state = rotated_meanwhile(flow, first["refresh_token"])

    with patch:
        flow.refresh(first["refresh_token"])

    assert client.get("/v1/users/me", **bearer(state["winner"]["access_token"])).status_code == 401
    assert RefreshToken.objects.filter(revoked__isnull=True).count() == 0


def test_a_later_replay_is_invalid_grant_and_ends_the_session(flow, alice, client):
    first = flow.tokens_for(alice)
    second = flow.refresh(first["refresh_token"]).json()

    replay = flow.refresh(first["refresh_token"])

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    assert client.get("/v1/users/me", **bearer(second["access_token"])).status_code == 401
    assert not AccessToken.objects.exists()


def test_a_replay_records_a_security_event_naming_client_user_and_workspace(flow, alice):
    first = flow.tokens_for(alice)
    flow.refresh(first["refresh_token"])

    flow.refresh(first["refresh_token"])

    event = AuditEvent.objects.get(action="oauth.refresh_token_reused")
    assert event.workspace == alice.workspaces.get()
    assert event.target_label == flow.app.name
    assert event.metadata["client_id"] == flow.app.client_id
    assert event.metadata["user"] == alice.public_id


def test_replaying_a_dead_session_again_records_nothing_more(flow, alice):
    first = flow.tokens_for(alice)
    flow.refresh(first["refresh_token"])
    flow.refresh(first["refresh_token"])

    flow.refresh(first["refresh_token"])

    assert AuditEvent.objects.filter(action="oauth.refresh_token_reused").count() == 1


def test_a_token_revoked_by_the_user_is_refused_without_a_reuse_event(flow, alice):
    first = flow.tokens_for(alice)
    flow.revoke(first["refresh_token"])

    response = flow.refresh(first["refresh_token"])

    assert response.json()["error"] == "invalid_grant"
    assert not AuditEvent.objects.filter(action="oauth.refresh_token_reused").exists()
