"""Oversize bodies, declared or streamed, and Host headers the API does not serve."""

import io

import pytest
from django.test import Client

CONTACTS = "/v1/modules/contacts/records"
LIMIT = 2_621_440  # Django's DATA_UPLOAD_MAX_MEMORY_SIZE, as the README documents


def assert_envelope(response, status, code):
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["code"], error["status"]) == (code, status)
    return error


def record_body(size: int) -> bytes:
    padding = size - len(b'{"fields": {"blob": ""}}')
    return b'{"fields": {"blob": "' + b"x" * padding + b'"}}'


def test_the_documented_limit_is_the_one_in_force(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == LIMIT


def test_a_body_declared_over_the_limit_is_a_413_before_it_is_read(live_api):
    response = live_api.post(CONTACTS, data=record_body(LIMIT + 1), content_type="application/json")

    error = assert_envelope(response, 413, "payload_too_large")
    assert str(LIMIT) in error["message"]


def test_a_body_at_the_limit_is_read_and_judged_on_its_fields(live_api):
    response = live_api.post(CONTACTS, data=record_body(LIMIT), content_type="application/json")

    assert_envelope(response, 400, "validation_error")  # far over a record's 64 KB


def stream(client, body: bytes, path=CONTACTS):
    """POST `body` as a chunked request does reach Django: no Content-Length."""
    return client.request(
        REQUEST_METHOD="POST",
        PATH_INFO=path,
        CONTENT_TYPE="application/json",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body)},
    )


def test_a_streamed_body_over_the_limit_is_a_413(live_api):
    assert_envelope(stream(live_api, record_body(LIMIT + 1)), 413, "payload_too_large")


def test_a_streamed_body_within_the_limit_is_read_like_any_other(live_api):
    response = stream(live_api, b'{"fields": {"name": "Ada"}}')

    assert response.status_code == 201, response.content
    assert response.json()["data"]["fields"] == {"name": "Ada"}


def test_a_content_length_that_is_not_a_number_is_a_400(live_api):
    response = live_api.generic(
        "POST", CONTACTS, b"{}", content_type="application/json", CONTENT_LENGTH="12abc"
    )

    assert_envelope(response, 400, "bad_request")


def test_too_many_query_parameters_is_a_400_not_a_500(live_api):
    query = "&".join(f"p{n}=1" for n in range(1_500))

    assert_envelope(live_api.get(f"{CONTACTS}?{query}"), 400, "bad_request")


@pytest.mark.parametrize("host", ["evil.example.com", "bad host", "127.0.0.1:99999x", "\x00"])
@pytest.mark.parametrize("path", ["/v1/users/me", "/v1/nowhere"])
def test_a_host_the_api_does_not_serve_is_a_json_400(live_api, host, path):
    response = live_api.get(path, HTTP_HOST=host)

    assert_envelope(response, 400, "bad_request")


def test_a_bad_host_is_refused_before_the_https_redirect(db, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = Client().get("/v1/users/me", HTTP_HOST="evil.example.com")

    assert_envelope(response, 400, "bad_request")


def test_pages_outside_v1_keep_djangos_answer_to_a_bad_host(db):
    response = Client().get("/accounts/login/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert "application/json" not in response.headers["Content-Type"]
