"""The counters: one Redis round trip per request, exact under concurrency."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier
from uuid import uuid4

import redis
import time_machine

from api import ratelimit

NOON = "2026-07-01 12:00:00Z"


def concurrent_hits(workers: int, limit: int) -> list[bool]:
    identity, barrier = f"concurrency-test:{uuid4()}", Barrier(workers)

    def one_request(_):
        barrier.wait()  # every thread counts at once
        return ratelimit.hit(identity, limit).allowed

    with time_machine.travel(NOON, tick=False), ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one_request, range(workers)))


def test_the_limit_is_exact_under_concurrency_against_redis(real_redis):
    assert isinstance(ratelimit.counters(), ratelimit.RedisCounters)
    assert concurrent_hits(workers=50, limit=20).count(True) == 20


def test_the_limit_is_exact_under_concurrency_in_local_memory(local_memory):
    assert isinstance(ratelimit.counters(), ratelimit.LocalCounters)
    assert concurrent_hits(workers=50, limit=20).count(True) == 20


def test_a_keyed_request_is_one_redis_round_trip(real_redis, alice, key_client, round_trips):
    client = key_client(alice)
    client.get("/v1/users/me")  # connects (redis-py's handshake is a round trip of its own)
    round_trips.clear()

    with time_machine.travel(NOON, tick=False):
        response = client.get("/v1/users/me")

    assert response.status_code == 200
    assert len(round_trips) == 1


def test_a_refused_request_is_one_redis_round_trip_too(real_redis, alice, key_client, round_trips):
    client = key_client(alice, permissions=["read"])
    client.get("/v1/users/me")
    round_trips.clear()

    response = client.post("/v1/modules/contacts/records", {"fields": {}})

    assert response.status_code == 403
    assert len(round_trips) == 1


def test_the_window_expires_on_its_own(real_redis):
    with time_machine.travel(NOON, tick=False):
        ratelimit.hit("expiry-test", 5)
        window, _ = ratelimit._window()

    ttl = redis.Redis.from_url(real_redis).ttl(f"coherence:rl:expiry-test:{window}")
    assert 0 < ttl <= ratelimit.WINDOW_SECONDS * 2


def test_when_redis_is_down_the_api_still_answers(alice, key_client, settings, caplog):
    client = key_client(alice)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/v1/users/me")
    again = client.get("/v1/users/me")

    assert (response.status_code, again.status_code) == (200, 200)
    assert response.headers["X-RateLimit-Limit"] == "1000"
    assert caplog.text.count("Rate limiting is degraded") == 1  # the breaker holds off
