"""Hostile input on /oauth/*: always the RFC 6749 error shape, never Django's HTML.

NUL bytes made /oauth/revoke a 500 page on PostgreSQL; oauthlib would carry
them to every lookup (client id, code, token).
"""

import base64
import io
from unittest import mock
from urllib.parse import quote

import pytest
from django.db import OperationalError
from django.test import Client

FORM = "application/x-www-form-urlencoded"
LIMIT = 2_621_440


def assert_oauth_error(response, status, error="invalid_request"):
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == error
    assert body["error_description"]
    assert response.headers["Cache-Control"] == "no-store"


def post_form(path, body, **extra):
    return Client().post(path, body, content_type=FORM, **extra)


@pytest.mark.parametrize("endpoint", ["/oauth/token", "/oauth/revoke", "/oauth/introspect"])
@pytest.mark.parametrize(
    "body",
    [
        "grant_type=authorization_code&code=a%00b&client_id={client_id}",
        "grant_type=refresh_token&refresh_token=rt_%00&client_id={client_id}",
        "token=at_%00&client_id={client_id}",
        "token=x&client_id=%00",
        "grant_type=client_credentials%00&client_id={client_id}",
        "token=%ED%A0%80&client_id={client_id}",
        "code%00=x&client_id={client_id}",
    ],
)
def test_a_nul_byte_or_lone_surrogate_in_a_form_parameter_is_invalid_request(
    app_and_secret, endpoint, body
):
    application, _ = app_and_secret
    body = body.format(client_id=application.client_id)

    assert_oauth_error(post_form(endpoint, body), 400)


def test_a_multipart_form_with_a_nul_byte_is_invalid_request(app_and_secret):
    application, _ = app_and_secret

    response = Client().post(
        "/oauth/revoke", {"token": "a\x00", "client_id": application.client_id}
    )

    assert_oauth_error(response, 400)


def test_a_nul_byte_in_basic_credentials_is_invalid_request(app_and_secret):
    application, secret = app_and_secret
    credentials = base64.b64encode(f"{application.client_id}\x00:{secret}".encode()).decode()

    response = post_form(
        "/oauth/token", "grant_type=client_credentials", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )

    assert_oauth_error(response, 400)


def test_a_percent_encoded_nul_in_basic_credentials_is_invalid_request(app_and_secret):
    application, secret = app_and_secret
    credentials = base64.b64encode(f"{quote(application.client_id)}%00:{secret}".encode())

    response = post_form(
        "/oauth/revoke", "token=x", HTTP_AUTHORIZATION=f"Basic {credentials.decode()}"
    )

    assert_oauth_error(response, 400)


@pytest.mark.parametrize(
    "query",
    [
        "response_type=code&client_id=%00",
        "response_type=code%00&client_id=abc",
        "response_type=code&client_id=abc&redirect_uri=https://x%00.example.com",
        "response_type=code&client_id=abc&state=%ED%A0%80",
        "response_type=code&client_id=abc&scope=%FF",
    ],
)
def test_a_nul_byte_or_broken_utf8_in_the_authorize_query_is_invalid_request(db, query):
    assert_oauth_error(Client().get(f"/oauth/authorize?{query}"), 400)


def test_a_nul_byte_in_the_path_is_invalid_request(db):
    assert_oauth_error(Client().post("/oauth/token%00", "a=b", content_type=FORM), 400)


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(db):
    response = post_form("/oauth/token", "token=" + "x" * LIMIT)

    assert_oauth_error(response, 413)


def test_a_bad_host_is_invalid_request_not_an_html_page(db):
    response = post_form("/oauth/token", "grant_type=x", HTTP_HOST="evil.example.com")

    assert_oauth_error(response, 400)


def refresh_while_authenticating_raises(app_and_secret, failure):
    """A refresh request whose client authentication raises `failure`, as the client sees it."""
    application, secret = app_and_secret
    body = f"grant_type=refresh_token&refresh_token=rt_x&client_id={application.client_id}"
    body += f"&client_secret={secret}"
    client = Client(raise_request_exception=False)
    with mock.patch(
        "oauthapps.oauth.validator.OAuth2Validator.authenticate_client", side_effect=failure
    ):
        return client.post("/oauth/token", body, content_type=FORM)


def test_a_database_outage_is_temporarily_unavailable(app_and_secret):
    response = refresh_while_authenticating_raises(
        app_and_secret, OperationalError("connection refused")
    )

    assert_oauth_error(response, 503, "temporarily_unavailable")
    assert response.headers["Retry-After"]


def test_an_unexpected_error_on_the_token_endpoint_is_server_error_json(app_and_secret):
    response = refresh_while_authenticating_raises(app_and_secret, RuntimeError("a bug"))

    assert_oauth_error(response, 500, "server_error")
    assert "a bug" not in response.content.decode()


def test_clean_parameters_pass_through_to_the_server(app_and_secret):
    application, secret = app_and_secret
    body = f"token=unknown&client_id={application.client_id}&client_secret={secret}"

    assert post_form("/oauth/revoke", body).status_code == 200


def test_a_streamed_body_is_left_to_the_server(app_and_secret):
    response = Client().request(
        REQUEST_METHOD="POST",
        PATH_INFO="/oauth/token",
        CONTENT_TYPE=FORM,
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(b"grant_type=client_credentials")},
    )

    assert response.status_code < 500
    assert "error" in response.json()
