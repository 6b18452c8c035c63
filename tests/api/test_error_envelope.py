import pytest
from rest_framework.test import APIClient


def assert_envelope(response, status, code):
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return body["error"]


def test_no_credentials_is_a_401_with_a_bearer_challenge(db):
    response = APIClient().get("/v1/users/me")

    assert_envelope(response, 401, "authentication_failed")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_bearer_token_is_an_invalid_api_key(db):
    response = APIClient().get("/v1/users/me", HTTP_AUTHORIZATION="Bearer nonsense")

    error = assert_envelope(response, 401, "authentication_failed")
    assert error["message"] == "Invalid API key provided"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_another_scheme_is_refused_with_a_hint(db):
    response = APIClient().get("/v1/users/me", HTTP_AUTHORIZATION="Basic YTpi")

    error = assert_envelope(response, 401, "authentication_failed")
    assert "Bearer" in error["message"]


@pytest.mark.parametrize("path", ["/v1/anything-unknown", "/v1/", "/v1/users/nope/deeper"])
def test_unknown_paths_under_v1_are_a_json_404(db, client, path):
    assert_envelope(client.get(path), 404, "not_found")


def test_paths_outside_v1_keep_the_html_404(db, client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "text/html" in response.headers["Content-Type"]


def test_a_wrong_method_is_a_405(alice, key_client):
    response = key_client(alice, permissions=["write"]).post("/v1/users/me")

    assert_envelope(response, 405, "method_not_allowed")


@pytest.mark.urls("tests.api.boom_urls")
def test_a_body_that_is_not_json_is_a_415(db):
    response = APIClient().post("/v1/echo", "a=1", content_type="application/x-www-form-urlencoded")

    assert_envelope(response, 415, "unsupported_media_type")


@pytest.mark.urls("tests.api.boom_urls")
def test_malformed_json_is_a_400(db):
    response = APIClient().post("/v1/echo", "{nope", content_type="application/json")

    assert_envelope(response, 400, "invalid_json")


@pytest.mark.urls("tests.api.boom_urls")
def test_an_unexpected_error_is_a_500_without_a_trace(db, caplog):
    response = APIClient().get("/v1/boom")

    error = assert_envelope(response, 500, "server_error")
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    assert error["message"] == "Something went wrong on our side."
    assert "secret internal detail" in caplog.text


@pytest.mark.urls("tests.api.boom_urls")
def test_the_json_500_handler_covers_errors_outside_drf(rf):
    from api.views.errors import server_error

    response = server_error(rf.get("/v1/whatever"))

    assert response.status_code == 500
    assert response.headers["Content-Type"] == "application/json"
