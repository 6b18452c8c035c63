import time_machine
from rest_framework.test import APIClient

NOON = "2026-07-01 12:00:00Z"
NEXT_MINUTE_EPOCH = 1782907260  # 2026-07-01 12:01:00Z


def test_every_response_carries_the_headers(alice, key_client):
    client = key_client(alice)

    with time_machine.travel(NOON, tick=False):
        first = client.get("/v1/users/me")
        second = client.get("/v1/users/me")

    assert first.headers["X-RateLimit-Limit"] == "1000"
    assert first.headers["X-RateLimit-Remaining"] == "999"
    assert second.headers["X-RateLimit-Remaining"] == "998"
    assert second.headers["X-RateLimit-Reset"] == str(NEXT_MINUTE_EPOCH)


def test_a_test_key_has_the_test_limit(alice, key_client, settings):
    settings.RATE_LIMIT_TEST = 7

    response = key_client(alice, livemode=False).get("/v1/users/me")

    assert response.headers["X-RateLimit-Limit"] == "7"


def test_past_the_limit_it_answers_429_until_the_window_ends(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 2
    client = key_client(alice)

    with time_machine.travel("2026-07-01 12:00:30Z", tick=False):
        assert client.get("/v1/users/me").status_code == 200
        assert client.get("/v1/users/me").status_code == 200
        refused = client.get("/v1/users/me")
    with time_machine.travel("2026-07-01 12:00:59Z", tick=False):
        still_refused = client.get("/v1/users/me")
    with time_machine.travel("2026-07-01 12:01:00Z", tick=False):
        next_window = client.get("/v1/users/me")

    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert refused.json()["error"]["status"] == 429
    assert refused.headers["Retry-After"] == "30"
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert still_refused.status_code == 429
    assert still_refused.headers["Retry-After"] == "1"
    assert next_window.status_code == 200
    assert next_window.headers["X-RateLimit-Remaining"] == "1"


def test_a_key_may_have_its_own_limit(alice, make_key):
    key, raw = make_key(alice)
    key.rate_limit = 1
    key.save()
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")

    with time_machine.travel(NOON, tick=False):
        assert client.get("/v1/users/me").headers["X-RateLimit-Limit"] == "1"
        assert client.get("/v1/users/me").status_code == 429


def test_each_key_has_its_own_counter(alice, key_client, settings):
    settings.RATE_LIMIT_LIVE = 1
    first, second = key_client(alice), key_client(alice)

    with time_machine.travel(NOON, tick=False):
        assert first.get("/v1/users/me").status_code == 200
        assert second.get("/v1/users/me").status_code == 200
        assert first.get("/v1/users/me").status_code == 429


def test_refusals_and_unknown_paths_carry_the_headers_too(alice, key_client):
    client = key_client(alice, permissions=["read"], allowed_ips=["203.0.113.1"])

    for response in [
        client.get("/v1/users/me"),  # 403 ip_not_allowed
        APIClient().get("/v1/users/me"),  # 401
        APIClient().get("/v1/nowhere"),  # 404 outside DRF
    ]:
        assert response.status_code in (401, 403, 404)
        assert {"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"} <= set(
            response.headers
        )


def test_repeated_failed_authentication_is_capped_per_address(db, settings):
    settings.AUTH_FAILURES_PER_MINUTE = 3
    client = APIClient(HTTP_AUTHORIZATION="Bearer ck_live_guess", REMOTE_ADDR="192.0.2.9")

    with time_machine.travel(NOON, tick=False):
        statuses = [client.get("/v1/users/me").status_code for _ in range(4)]
        other_address = APIClient(REMOTE_ADDR="192.0.2.10").get("/v1/users/me")

    assert statuses == [401, 401, 401, 429]
    assert other_address.status_code == 401
