"""/oauth/token errors keep RFC 6749's shape: OAuth client libraries parse it."""

import base64

import pytest

from .conftest import CALLBACK, query_of


def assert_rfc6749_error(response, status, error):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["error"] == error
    assert set(body) <= {"error", "error_description", "error_uri"}


def test_an_unknown_code_is_invalid_grant(flow, db):
    assert_rfc6749_error(flow.exchange("not-a-code"), 400, "invalid_grant")


def test_a_wrong_client_secret_is_invalid_client(flow, alice):
    code = flow.code_for(alice)

    response = flow.exchange(code, client_secret="wrong")

    assert_rfc6749_error(response, 401, "invalid_client")


def test_a_missing_code_is_invalid_request(flow, db):
    response = flow.token(
        grant_type="authorization_code", client_id=flow.app.client_id, client_secret=flow.secret
    )

    assert_rfc6749_error(response, 400, "invalid_request")


# The device code grant is supported, for apps that enable it (test_device_polling.py).
@pytest.mark.parametrize("grant_type", ["password", "client_credentials", "implicit"])
def test_grants_other_than_code_refresh_and_device_are_unsupported(flow, alice, grant_type):
    response = flow.token(
        grant_type=grant_type,
        client_id=flow.app.client_id,
        client_secret=flow.secret,
        username="alice@example.com",
        password="correct horse battery staple",
        device_code="x",
    )

    assert_rfc6749_error(response, 400, "unsupported_grant_type")


def test_the_implicit_flow_is_refused_at_the_authorization_endpoint(flow, alice):
    response = flow.consent_page(alice, response_type="token")

    assert response.status_code == 302
    assert "access_token" not in response["Location"]
    assert query_of(response["Location"])["error"] == "unsupported_response_type"


def test_errors_are_not_wrapped_in_the_v1_envelope(flow, db):
    body = flow.exchange("not-a-code").json()

    assert isinstance(body["error"], str)


def basic(client_id: str, secret: str) -> dict:
    credentials = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {credentials}"}


def test_a_wrong_secret_sent_with_http_basic_is_challenged_with_basic(flow, alice):
    code = flow.code_for(alice)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}

    response = flow.http.post("/oauth/token", data, **basic(flow.app.client_id, "wrong"))

    assert_rfc6749_error(response, 401, "invalid_client")
    assert response["WWW-Authenticate"].startswith('Basic realm="oauth"')


def test_a_wrong_secret_in_the_body_is_challenged_with_basic_too(flow, alice):
    response = flow.exchange(flow.code_for(alice), client_secret="wrong")

    assert response["WWW-Authenticate"].startswith("Basic ")


def test_revoking_with_a_wrong_basic_secret_is_challenged_with_basic(flow, alice):
    tokens = flow.tokens_for(alice)

    response = flow.http.post(
        "/oauth/revoke", {"token": tokens["access_token"]}, **basic(flow.app.client_id, "wrong")
    )

    assert_rfc6749_error(response, 401, "invalid_client")
    assert response["WWW-Authenticate"].startswith('Basic realm="oauth"')


def test_a_redirect_uri_other_than_the_authorization_requests_is_invalid_grant(
    make_app, make_flow, developer, alice
):
    app, secret = make_app(developer, redirect_uris=f"{CALLBACK} https://app.example.com/other")
    flow = make_flow(app, secret)
    code = flow.code_for(alice, redirect_uri=CALLBACK)

    response = flow.exchange(code, redirect_uri="https://app.example.com/other")

    assert_rfc6749_error(response, 400, "invalid_grant")


def test_introspecting_with_a_wrong_basic_secret_is_challenged_with_basic(flow, alice):
    tokens = flow.tokens_for(alice)

    response = flow.http.post(
        "/oauth/introspect",
        {"token": tokens["access_token"]},
        **basic(flow.app.client_id, "wrong"),
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Basic realm="oauth"')
