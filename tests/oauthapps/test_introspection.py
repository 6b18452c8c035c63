"""/oauth/introspect, per RFC 7662: for authorized clients only."""

from datetime import timedelta

import time_machine
from django.utils import timezone


def introspect(flow, token, **extra):
    data = {"token": token, "client_id": flow.app.client_id, "client_secret": flow.secret}
    return flow.http.post("/oauth/introspect", {**data, **extra})


def test_an_app_learns_about_its_own_active_token(flow, alice):
    tokens = flow.tokens_for(alice)

    response = introspect(flow, tokens["access_token"])

    body = response.json()
    assert response.status_code == 200
    assert body["active"] is True
    assert body["scope"] == "read write"
    assert body["client_id"] == flow.app.client_id
    assert body["token_type"] == "Bearer"
    assert body["username"] == "alice@example.com"
    assert body["exp"] > timezone.now().timestamp()


def test_an_unknown_token_is_inactive(flow, db):
    response = introspect(flow, "at_unknown")

    assert response.status_code == 200
    assert response.json() == {"active": False}


def test_an_expired_token_is_inactive(flow, alice):
    tokens = flow.tokens_for(alice)

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert introspect(flow, tokens["access_token"]).json() == {"active": False}


def test_a_revoked_token_is_inactive(flow, alice):
    tokens = flow.tokens_for(alice)
    flow.revoke(tokens["access_token"])

    assert introspect(flow, tokens["access_token"]).json() == {"active": False}


def test_it_requires_client_authentication(flow, alice):
    tokens = flow.tokens_for(alice)

    anonymous = flow.http.post("/oauth/introspect", {"token": tokens["access_token"]})
    wrong = introspect(flow, tokens["access_token"], client_secret="wrong")

    for response in (anonymous, wrong):
        assert response.status_code == 401
        assert response.json()["error"] == "invalid_client"


def test_a_third_party_app_learns_nothing_about_other_apps_tokens(
    flow, alice, make_app, make_flow, developer
):
    tokens = flow.tokens_for(alice)
    other = make_flow(*make_app(developer, name="Other"))

    assert introspect(other, tokens["access_token"]).json() == {"active": False}


def test_a_first_party_resource_server_may_introspect_any_token(
    flow, alice, make_app, make_flow, developer
):
    tokens = flow.tokens_for(alice)
    resource_server = make_flow(*make_app(developer, name="Search", first_party=True))
    its_token = resource_server.tokens_for(alice, scope="introspection")["access_token"]

    response = resource_server.http.post(
        "/oauth/introspect",
        {"token": tokens["access_token"]},
        HTTP_AUTHORIZATION=f"Bearer {its_token}",
    )

    assert response.json()["active"] is True


def test_a_token_without_the_introspection_scope_is_refused(flow, alice):
    tokens = flow.tokens_for(alice)

    response = flow.http.post(
        "/oauth/introspect",
        {"token": tokens["access_token"]},
        HTTP_AUTHORIZATION=f"Bearer {tokens['access_token']}",
    )

    assert response.status_code == 401


def test_a_missing_token_parameter_is_an_invalid_request(flow, db):
    response = flow.http.post(
        "/oauth/introspect", {"client_id": flow.app.client_id, "client_secret": flow.secret}
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
