"""The spec's own flow: a confidential client, no PKCE, its secret in the form body."""

import base64

from oauthapps.models import AccessToken

from .conftest import bearer


def test_it_exchanges_a_code_for_the_spec_token_shape(flow, alice):
    body = flow.tokens_for(alice)

    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in", "scope"}
    assert body["access_token"].startswith("at_")
    assert body["refresh_token"].startswith("rt_")
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "read write"


def test_the_access_token_calls_the_api_as_the_user(flow, alice, client):
    body = flow.tokens_for(alice)

    response = client.get("/v1/users/me", **bearer(body["access_token"]))

    assert response.status_code == 200
    assert response.json()["data"]["email"] == "alice@example.com"


def test_the_default_scope_is_read(flow, alice):
    assert flow.tokens_for(alice, scope=None)["scope"] == "read"


def test_clients_may_authenticate_with_http_basic(flow, alice):
    code = flow.code_for(alice)
    credentials = base64.b64encode(f"{flow.app.client_id}:{flow.secret}".encode()).decode()

    response = flow.http.post(
        "/oauth/token",
        {"grant_type": "authorization_code", "code": code, "redirect_uri": flow.app.redirect_uris},
        HTTP_AUTHORIZATION=f"Basic {credentials}",
    )

    assert response.status_code == 200
    assert response.json()["access_token"].startswith("at_")


def test_the_endpoints_answer_with_and_without_a_trailing_slash(flow, alice):
    with_slash = flow.authorize_url().replace("authorize?", "authorize/?")
    flow.browser.force_login(alice)
    assert flow.browser.get(with_slash).status_code == 200

    code = flow.code_for(alice)
    response = flow.http.post(
        "/oauth/token/",
        {
            "grant_type": "authorization_code",
            "client_id": flow.app.client_id,
            "client_secret": flow.secret,
            "code": code,
            "redirect_uri": flow.app.redirect_uris,
        },
    )

    assert response.status_code == 200


def test_the_token_is_bound_to_the_users_workspace(flow, alice):
    body = flow.tokens_for(alice)

    token = AccessToken.objects.get()
    assert token.workspace == alice.workspaces.get()
    assert token.user == alice
    assert body["access_token"] not in str(token.__dict__)
