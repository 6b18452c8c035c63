"""Hostile text on /v1: NUL bytes, lone surrogates, forged numbers and keys, forged cursors.

Every answer is the JSON envelope with a 4xx, on SQLite and on PostgreSQL (which
refuses NUL in text and jsonb, where SQLite stores it).
"""

import base64
import json

import pytest

CONTACTS = "/v1/modules/contacts/records"


def assert_refused(response, status, code):
    assert response.status_code == status, response.content
    assert response.headers["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == code
    assert error["status"] == status
    return error


def post_json(client, path, text, method="post"):
    return getattr(client, method)(path, data=text, content_type="application/json")


@pytest.mark.parametrize(
    "path",
    [
        "/v1/modules/%00/records",
        "/v1/modules/contacts/records/%00",
        "/v1/modules/contacts/records/rec_%00abc",
        "/v1/api-keys/%00",
        "/v1/users/usr_%00",
        "/v1/invitations/%00",
        "/v1/users/me%00",
    ],
)
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_a_nul_byte_in_the_path_is_a_json_404_whatever_the_method(live_api, path, method):
    assert_refused(getattr(live_api, method)(path), 404, "not_found")


@pytest.mark.parametrize(
    "path", ["/v1/modules/%ED%A0%80/records", "/v1/modules/contacts/records/rec_%ED%A0%80"]
)
def test_a_lone_surrogate_in_the_path_is_a_json_404(live_api, path):
    assert_refused(live_api.get(path), 404, "not_found")


@pytest.mark.parametrize(
    "query",
    ["cursor=%00", "cursor=%ED%A0%80", "limit=%00", "limit=1%00", "cursor=abc%00def"],
)
def test_nul_bytes_and_lone_surrogates_in_the_query_are_a_validation_error(live_api, query):
    assert_refused(live_api.get(f"{CONTACTS}?{query}"), 400, "validation_error")


def test_an_audit_log_type_with_a_nul_byte_is_a_validation_error(live_api):
    assert_refused(live_api.get("/v1/audit-logs?type=requests%00"), 400, "validation_error")


@pytest.mark.parametrize(
    "fields",
    [
        '{"name": "Ada\\u0000"}',
        '{"na\\u0000me": "Ada"}',
        '{"name": "\\ud800"}',
        '{"\\udfff": 1}',
        '{"nested": {"deeper": ["ok", "\\u0000"]}}',
        '{"name": "half a pair \\ud83d then text"}',
    ],
)
def test_record_text_a_database_cannot_store_is_a_validation_error(live_api, fields):
    response = post_json(live_api, CONTACTS, '{"fields": ' + fields + "}")

    error = assert_refused(response, 400, "validation_error")
    assert "fields" in error["details"]
    assert live_api.get(CONTACTS).json()["data"] == []


def test_a_whole_surrogate_pair_is_an_ordinary_character(live_api):
    response = post_json(live_api, CONTACTS, '{"fields": {"mood": "\\ud83d\\ude00"}}')

    assert response.status_code == 201
    assert response.json()["data"]["fields"] == {"mood": "😀"}


def test_a_patch_with_unstorable_text_is_refused_and_changes_nothing(live_api, create_record):
    url = f"{CONTACTS}/{create_record(live_api, {'name': 'Ada'})['id']}"

    response = post_json(live_api, url, '{"fields": {"name": "\\u0000"}}', method="patch")

    assert_refused(response, 400, "validation_error")
    assert live_api.get(url).json()["data"]["fields"] == {"name": "Ada"}


@pytest.mark.parametrize(
    "number", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1" + "0" * 10_000]
)
def test_numbers_json_cannot_hold_are_refused_as_invalid_json(live_api, number):
    response = post_json(live_api, CONTACTS, '{"fields": {"n": ' + number + "}}")

    assert_refused(response, 400, "invalid_json")


def test_a_key_given_twice_is_refused_rather_than_silently_dropped(live_api):
    response = post_json(live_api, CONTACTS, '{"fields": {"role": "user", "role": "admin"}}')

    error = assert_refused(response, 400, "invalid_json")
    assert "role" in error["message"]


def test_a_body_key_given_twice_is_refused_on_every_endpoint(live_api):
    response = post_json(live_api, "/v1/workspace", '{"name": "A", "name": "B"}', method="patch")

    assert_refused(response, 400, "invalid_json")


@pytest.mark.parametrize(
    "body", [b"\x00", b"\xed\xa0\x80", b'{"fields": {"a": "\xed\xa0\x80"}}', b"\xff\xfe{}"]
)
def test_a_body_that_is_not_utf8_json_is_invalid_json(live_api, body):
    assert_refused(post_json(live_api, CONTACTS, body), 400, "invalid_json")


def test_nesting_too_deep_to_parse_is_invalid_json(live_api):
    body = '{"fields": ' + "[" * 100_000 + "]" * 100_000 + "}"

    assert_refused(post_json(live_api, CONTACTS, body), 400, "invalid_json")


def cursor_of(value) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        cursor_of(["2026-01-05T09:00:00+00:00", "rec_\u0000"]),
        cursor_of(["2026-01-05T09:00:00+00:00", "rec_\ud800"]),
        cursor_of(["2026-01-05T09:00:00+00:00", "rec_a' OR '1'='1"]),
        cursor_of(["0001-01-01T00:00:00+14:00", "rec_1"]),  # before year 1 in UTC
        cursor_of(["9999-12-31T23:59:59-14:00", "rec_1"]),  # after year 9999 in UTC
        cursor_of(["2026-01-05T09:00:00+00:00", 12]),
        cursor_of(["2026-01-05T09:00:00+00:00", None]),
        cursor_of([20260105, "rec_1"]),
        cursor_of(["2026-01-05T09:00:00+00:00"]),
        cursor_of(["2026-01-05T09:00:00+00:00", "rec_1", "extra"]),
        cursor_of({"a": 1, "b": 2}),
        cursor_of("[" * 50_000),
        cursor_of(["2026-01-05T09:00:00+00:00", "rec_" + "a" * 10_000]),
        "A" * 100_000,
        "-1",
        "%%%",
        "ü",
    ],
)
def test_a_forged_cursor_is_a_validation_error(live_api, cursor):
    error = assert_refused(live_api.get(CONTACTS, {"cursor": cursor}), 400, "validation_error")
    assert "cursor" in error["details"]


def test_a_cursor_the_api_issued_still_pages(live_api, create_record):
    for name in ("Ada", "Grace", "Katherine"):
        create_record(live_api, {"name": name})

    first = live_api.get(CONTACTS, {"limit": 2}).json()
    second = live_api.get(CONTACTS, {"limit": 2, "cursor": first["next_cursor"]})

    assert second.status_code == 200
    assert [r["fields"]["name"] for r in second.json()["data"]] == ["Ada"]
