"""The running app, its database and its cache stopped and started under it.

PostgreSQL away: /v1 answers 503 service_unavailable with Retry-After (but for a
key the process verified before, api.credential_cache, whose log row waits in
audit.writer's buffer), /healthz 503; back: 200 again without restarting the app
(CONN_HEALTH_CHECKS), and the waiting log rows are written. Redis
away: the API goes on answering (rate limiting degrades); back: the limits and
their headers return.
"""

import http.client
import json

import pytest

from tests.faults.services import get, wait_until

pytestmark = pytest.mark.faults


def test_the_app_answers_on_its_own_services(app):
    port, key = app

    status, headers, body = get(port, "/v1/users/me", key)

    assert status == 200, body
    assert json.loads(body)["data"]["email"] == "ops@example.com"
    assert headers["X-RateLimit-Limit"] == "1000"


def test_a_stopped_database_is_a_503_and_a_restarted_one_serves_again(
    app, unused_key, postgres, logged
):
    port, key = app
    assert get(port, "/v1/users/me", key)[0] == 200  # the one worker has verified it
    postgres.stop()
    try:
        cached_status, cached_headers, _ = get(port, "/v1/users/me", key)
        status, headers, body = get(port, "/v1/users/me", unused_key)
        health, _, _ = get(port, "/healthz")
    finally:
        postgres.start()

    # A key to look up needs the database; one verified before needs nothing of it.
    assert status == 503, body
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"]["code"] == "service_unavailable"
    assert int(headers["Retry-After"]) > 0
    assert health == 503
    assert cached_status == 200
    # The same gunicorn worker, a new connection: no restart.
    wait_until(lambda: get(port, "/v1/users/me", unused_key)[0] == 200, what="the API to recover")
    assert get(port, "/healthz")[0] == 200
    # The log row of the request answered during the outage waited, and was written.
    request_id = cached_headers["X-Request-Id"]
    wait_until(lambda: logged(request_id), what="the outage's log row")


def test_a_stopped_cache_degrades_rate_limiting_and_a_restarted_one_restores_it(app, redis):
    port, key = app
    redis.stop()
    try:
        answers = [get(port, "/v1/users/me", key) for _ in range(3)]
    finally:
        redis.start()

    assert [status for status, _, _ in answers] == [200, 200, 200]
    # The breaker leaves the cache alone for a few seconds, then counts again.
    wait_until(lambda: counted(get(port, "/v1/users/me", key)), timeout=20, what="limits to return")


def counted(answer) -> bool:
    status, headers, _ = answer
    remaining = headers.get("X-RateLimit-Remaining")
    return status == 200 and remaining is not None and int(remaining) < 1000


def test_a_streamed_body_over_the_limit_is_a_413_under_gunicorn(app):
    port, key = app
    chunks = (b"x" * 65_536 for _ in range(41))  # 2.6 MB, past the 2.5 MB limit
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(
            "POST",
            "/v1/modules/contacts/records",
            body=chunks,
            headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
            encode_chunked=True,
        )
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()

    assert response.status == 413, body
    assert json.loads(body)["error"]["code"] == "payload_too_large"
