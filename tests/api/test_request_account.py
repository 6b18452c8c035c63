"""Every /v1 request is charged once, to the credential it presented or else its address."""

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from audit.models import RequestLog

NOON = "2026-07-01 12:00:30Z"


def statuses(client, method, path, times, **extra):
    send = getattr(client, method)
    with time_machine.travel(NOON, tick=False):
        return [send(path, **extra).status_code for _ in range(times)]


def test_a_read_only_key_sending_posts_gets_403_then_429_at_its_limit(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 2
    client = key_client(alice, permissions=["read"])

    got = statuses(client, "post", "/v1/modules/contacts/records", 3, data={"fields": {}})

    assert got == [403, 403, 429]


def test_a_key_used_from_a_disallowed_address_is_charged_and_gets_429(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 2
    client = key_client(alice, allowed_ips=["203.0.113.1"])

    with time_machine.travel(NOON, tick=False):
        refused = [client.get("/v1/users/me", REMOTE_ADDR="192.0.2.1") for _ in range(3)]

    assert [r.status_code for r in refused] == [403, 403, 429]
    assert refused[0].json()["error"]["code"] == "ip_not_allowed"
    assert [r.headers["X-RateLimit-Remaining"] for r in refused] == ["1", "0", "0"]
    assert refused[2].headers["Retry-After"] == "30"


def test_anonymous_requests_to_unknown_paths_are_charged_to_the_address(db, settings):
    settings.AUTH_FAILURES_PER_MINUTE = 2
    client = APIClient(REMOTE_ADDR="192.0.2.20")

    got = statuses(client, "get", "/v1/nowhere", 3)
    other_address = statuses(APIClient(REMOTE_ADDR="192.0.2.21"), "delete", "/v1/nowhere", 1)

    assert got == [404, 404, 429]
    assert other_address == [404]


def test_a_key_on_an_unknown_path_is_charged_to_the_key(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 2
    settings.AUTH_FAILURES_PER_MINUTE = 100
    client = key_client(alice)

    with time_machine.travel(NOON, tick=False):
        missed = client.get("/v1/nowhere")
        got = [missed.status_code] + [client.get("/v1/users/me").status_code for _ in range(2)]

    assert got == [404, 200, 429]
    assert missed.headers["X-RateLimit-Limit"] == "2"
    assert RequestLog.objects.filter(path="/v1/nowhere").get().api_key == client.key


def test_a_bad_key_is_charged_to_the_address_and_gets_429_at_its_limit(db, settings):
    settings.AUTH_FAILURES_PER_MINUTE = 2
    client = APIClient(HTTP_AUTHORIZATION="Bearer ck_live_guess", REMOTE_ADDR="192.0.2.30")

    assert statuses(client, "get", "/v1/users/me", 3) == [401, 401, 429]


def test_a_valid_key_is_never_refused_for_its_addresses_bad_keys(alice, key_client):
    guesser = APIClient(HTTP_AUTHORIZATION="Bearer ck_live_guess", REMOTE_ADDR="192.0.2.40")
    client = key_client(alice)

    bad = statuses(guesser, "get", "/v1/users/me", 101)
    good = statuses(client, "get", "/v1/users/me", 1, REMOTE_ADDR="192.0.2.40")

    assert bad[-1] == 429
    assert good == [200]


def test_a_refusal_carries_the_headers_of_the_bucket_it_was_charged_to(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 5
    settings.AUTH_FAILURES_PER_MINUTE = 9
    client = key_client(alice, permissions=["read"])

    with time_machine.travel(NOON, tick=False):
        refused = client.delete("/v1/modules/contacts/records/rec_nothing")
        anonymous = APIClient().get("/v1/users/me")

    assert (refused.status_code, refused.headers["X-RateLimit-Limit"]) == (403, "5")
    assert (anonymous.status_code, anonymous.headers["X-RateLimit-Limit"]) == (401, "9")


def test_the_guards_early_answers_are_charged_and_logged(db, settings):
    settings.AUTH_FAILURES_PER_MINUTE = 1
    client = APIClient(REMOTE_ADDR="192.0.2.60")
    too_big = str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)

    with time_machine.travel(NOON, tick=False):
        first = client.post("/v1/users/me", CONTENT_LENGTH=too_big)
        second = client.post("/v1/users/me", CONTENT_LENGTH=too_big)

    assert (first.status_code, first.headers["X-RateLimit-Remaining"]) == (413, "0")
    assert second.status_code == 429
    assert list(RequestLog.objects.values_list("status", flat=True).order_by("id")) == [413, 429]


def test_an_authenticated_request_makes_only_the_key_lookup_and_the_log_insert(
    alice, key_client, local_memory
):
    client = key_client(alice)
    client.get("/v1/users/me")  # records the key's first use

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/v1/users/me").status_code == 200

    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["SELECT", "INSERT"]


def test_with_batched_logs_an_authenticated_request_makes_one_statement(
    alice, key_client, settings, monkeypatch, local_memory
):
    """Production's writer: the view's own statements (none here) plus the key lookup;
    the log rows of 20 requests are one INSERT, written when the batch is flushed."""
    from audit.writer import RequestLogBuffer

    settings.REQUEST_LOG_BATCH_SIZE = 100
    settings.REQUEST_LOG_FLUSH_SECONDS = 0
    monkeypatch.setattr("audit.writer.buffer", buffer := RequestLogBuffer())
    client = key_client(alice)
    client.get("/v1/users/me")  # records the key's first use
    buffer.flush()

    with CaptureQueriesContext(connection) as queries:
        for _ in range(20):
            assert client.get("/v1/users/me").status_code == 200
    with CaptureQueriesContext(connection) as flushed:
        buffer.flush()

    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["SELECT"] * 20
    assert [q["sql"].split()[0] for q in flushed.captured_queries] == ["INSERT"]
    assert RequestLog.objects.filter(status=200).count() == 21


def test_a_bad_host_and_a_nul_path_are_logged_and_charged_to_the_address(db):
    client = APIClient(REMOTE_ADDR="192.0.2.80")

    bad_host = client.get("/v1/users/me", HTTP_HOST="evil.example")
    nul_path = client.get("/v1/users/\x00me")

    assert (bad_host.status_code, nul_path.status_code) == (400, 404)
    assert nul_path.headers["X-RateLimit-Remaining"] == "98"
    assert sorted(RequestLog.objects.values_list("status", "path")) == [
        (400, "/v1/users/me"),
        (404, "/v1/users/me"),
    ]
