import pytest
import time_machine
from rest_framework.test import APIClient

from api import ratelimit

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


def test_when_the_cache_is_down_the_api_still_answers(alice, key_client, settings, caplog):
    client = key_client(alice)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }

    response = client.get("/v1/users/me")

    assert response.status_code == 200
    assert response.headers["X-RateLimit-Limit"] == "1000"
    assert "Rate limiting is degraded" in caplog.text


@pytest.fixture
def redis_cache(settings):
    """The real Redis of REDIS_URL (or the local default), never a stand-in."""
    import os

    import redis

    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_limit_is_exact_under_concurrency_against_redis(redis_cache):
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier
    from uuid import uuid4

    limit, workers, identity = 20, 100, f"concurrency-test:{uuid4()}"
    barrier = Barrier(workers)

    def one_request(_):
        barrier.wait()  # all threads hit Redis at once
        return ratelimit.hit(identity, limit).allowed

    with time_machine.travel(NOON, tick=False), ThreadPoolExecutor(max_workers=workers) as pool:
        allowed = list(pool.map(one_request, range(workers)))

    assert allowed.count(True) == limit
