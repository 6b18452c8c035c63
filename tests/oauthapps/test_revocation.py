"""/oauth/revoke, per RFC 7009."""

import base64

from .conftest import bearer


def revoke(flow, token, **extra):
    data = {"token": token, "client_id": flow.app.client_id, "client_secret": flow.secret, **extra}
    return flow.http.post("/oauth/revoke", data)


def test_revoking_an_access_token_stops_it_and_its_refresh_token(flow, alice, client):
    tokens = flow.tokens_for(alice)

    response = revoke(flow, tokens["access_token"], token_type_hint="access_token")

    assert response.status_code == 200
    assert client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 401
    assert flow.refresh(tokens["refresh_token"]).status_code == 400


def test_revoking_a_refresh_token_stops_it_and_its_access_token(flow, alice, client):
    tokens = flow.tokens_for(alice)

    response = revoke(flow, tokens["refresh_token"], token_type_hint="refresh_token")

    assert response.status_code == 200
    assert flow.refresh(tokens["refresh_token"]).status_code == 400
    assert client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 401


def test_an_unknown_token_gets_200(flow, db):
    response = revoke(flow, "at_unknown")

    assert response.status_code == 200


def test_revoking_needs_the_clients_credentials(flow, alice, client):
    tokens = flow.tokens_for(alice)

    response = revoke(flow, tokens["access_token"], client_secret="wrong")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 200


def test_http_basic_credentials_work_too(flow, alice, client):
    tokens = flow.tokens_for(alice)
    basic = base64.b64encode(f"{flow.app.client_id}:{flow.secret}".encode()).decode()

    response = flow.http.post(
        "/oauth/revoke", {"token": tokens["access_token"]}, HTTP_AUTHORIZATION=f"Basic {basic}"
    )

    assert response.status_code == 200
    assert client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 401


def test_an_app_cannot_revoke_another_apps_token(
    flow, alice, make_app, make_flow, developer, client
):
    tokens = flow.tokens_for(alice)
    other = make_flow(*make_app(developer, name="Other"))

    response = revoke(other, tokens["access_token"])

    assert response.status_code == 200
    assert client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 200
