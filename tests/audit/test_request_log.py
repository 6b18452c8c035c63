import pytest
from rest_framework.test import APIClient

from audit.models import RequestLog


def only_row():
    return RequestLog.objects.get()


def test_a_successful_call_is_logged_with_who_and_how_long(alice, key_client):
    client = key_client(alice)

    response = client.get(
        "/v1/users/me?secret=hunter2", HTTP_USER_AGENT="zapier/1.0", REMOTE_ADDR="198.51.100.7"
    )

    row = only_row()
    assert response.headers["X-Request-Id"] == row.request_id
    assert row.request_id.startswith("req_")
    assert (row.method, row.path, row.status, row.error_code) == ("GET", "/v1/users/me", 200, "")
    assert row.workspace == alice.workspaces.get()
    assert row.api_key == client.key
    assert row.user == alice
    assert row.livemode is True
    assert row.ip == "198.51.100.7"
    assert row.user_agent == "zapier/1.0"
    assert row.latency_ms >= 0


def test_the_query_string_and_credentials_are_never_stored(alice, key_client):
    client = key_client(alice)

    client.get("/v1/users/me?api_key=hunter2&token=abc")

    stored = str(RequestLog.objects.values().get())
    assert "hunter2" not in stored
    assert client.raw_key not in stored
    assert "Bearer" not in stored


def test_an_unauthenticated_call_is_a_401_row(db):
    APIClient().get("/v1/users/me")

    row = only_row()
    assert (row.status, row.error_code, row.workspace, row.api_key) == (
        401,
        "authentication_failed",
        None,
        None,
    )


def test_a_refused_address_is_logged_against_the_key(alice, key_client):
    client = key_client(alice, allowed_ips=["203.0.113.1"])

    client.get("/v1/users/me", REMOTE_ADDR="192.0.2.1")

    row = only_row()
    assert (row.status, row.error_code) == (403, "ip_not_allowed")
    assert row.api_key == client.key
    assert row.workspace == alice.workspaces.get()


def test_a_missing_permission_is_a_403_row(alice, key_client):
    key_client(alice, permissions=["read"]).post("/v1/modules/contacts/records", {"fields": {}})

    assert (only_row().status, only_row().error_code) == (403, "insufficient_permissions")


def test_an_unknown_path_is_a_404_row(alice, key_client):
    key_client(alice).get("/v1/nothing-here")

    assert (only_row().status, only_row().error_code, only_row().path) == (
        404,
        "not_found",
        "/v1/nothing-here",
    )


def test_a_rate_limited_call_is_a_429_row(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 1
    client = key_client(alice)

    client.get("/v1/users/me")
    client.get("/v1/users/me")

    assert list(RequestLog.objects.order_by("id").values_list("status", "error_code")) == [
        (200, ""),
        (429, "rate_limited"),
    ]


@pytest.mark.urls("tests.api.boom_urls")
def test_a_server_error_is_a_500_row(db):
    APIClient().get("/v1/boom")

    assert (only_row().status, only_row().error_code) == (500, "server_error")


def test_failed_authentication_from_one_address_is_counted_not_multiplied(db):
    client = APIClient(HTTP_AUTHORIZATION="Bearer ck_live_wrong", REMOTE_ADDR="192.0.2.50")

    for _ in range(25):
        client.get("/v1/users/me")
    APIClient(REMOTE_ADDR="192.0.2.51").get("/v1/users/me")

    rows = {row.ip: row.count for row in RequestLog.objects.all()}
    assert rows == {"192.0.2.50": 25, "192.0.2.51": 1}


def test_pages_outside_the_api_are_not_logged(client, db):
    client.get("/accounts/login/")
    client.get("/healthz")

    assert not RequestLog.objects.exists()


def test_unknown_paths_and_429s_from_one_address_fold_per_status(db, settings):
    settings.AUTH_FAILURES_PER_MINUTE = 10
    client = APIClient(REMOTE_ADDR="192.0.2.70")

    for _ in range(25):
        client.get("/v1/nowhere")

    rows = dict(RequestLog.objects.values_list("status", "count"))
    assert rows == {404: 10, 429: 15}


def test_the_row_names_the_request_id_of_the_account(alice, key_client):
    response = key_client(alice).get("/v1/nowhere")

    row = only_row()
    assert (row.request_id, row.status, row.api_key) == (
        response.headers["X-Request-Id"],
        404,
        response.wsgi_request.account.attempted.credential,
    )
