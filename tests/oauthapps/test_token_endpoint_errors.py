"""/oauth/token errors keep RFC 6749's shape: OAuth client libraries parse it."""

import pytest

from .conftest import query_of


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


@pytest.mark.parametrize(
    "grant_type",
    ["password", "client_credentials", "implicit", "urn:ietf:params:oauth:grant-type:device_code"],
)
def test_grants_other_than_code_and_refresh_are_unsupported(flow, alice, grant_type):
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
