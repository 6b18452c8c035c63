"""Rate limits: a fixed one-minute window per bucket, one counter per window.

A bucket is a credential's rate identity (api.principal.rate_identity) or a
client address. Each window is one counter, incremented atomically, so with a
limit of N exactly N concurrent requests get through, across every process
that shares the Redis named by REDIS_URL (one round trip per count, see
RedisCounters). Without REDIS_URL the counters live in local memory and are
exact only within one process. What is charged when is api.account's business.

If the cache is unreachable, requests are let through (rate limiting degrades,
the API keeps answering) and a warning is logged; the cache is then left alone
for a few seconds so that every request does not pay for a dead connection.
"""

import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import redis
from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.commands.core import Script

logger = logging.getLogger(__name__)

Result = TypeVar("Result")
Fallback = TypeVar("Fallback")

WINDOW_SECONDS = 60


@dataclass(frozen=True)
class RateLimitState:
    limit: int
    count: int
    reset_at: int  # epoch seconds when the window ends

    @property
    def remaining(self) -> int:
        return max(self.limit - self.count, 0)

    @property
    def allowed(self) -> bool:
        return self.count <= self.limit

    def retry_after(self, now: float | None = None) -> int:
        return max(int(self.reset_at - (now or time.time())), 1)

    def headers(self) -> dict[str, str]:
        return {
            "X-RateLimit-Limit": str(self.limit),
            "X-RateLimit-Remaining": str(self.remaining),
            "X-RateLimit-Reset": str(self.reset_at),
        }


def default_limit(livemode: bool) -> int:
    return settings.RATE_LIMIT_LIVE if livemode else settings.RATE_LIMIT_TEST


def limit_for(*, livemode: bool, override: int | None = None) -> int:
    """The one rule for a credential's limit: its own override, else its mode's default."""
    return override or default_limit(livemode)


def _window() -> tuple[int, int]:
    window = int(time.time()) // WINDOW_SECONDS
    return window, (window + 1) * WINDOW_SECONDS


class CacheBreaker:
    """After a cache failure, leave the cache alone for a few seconds."""

    pause_seconds = 5.0

    def __init__(self) -> None:
        self.closed_until = 0.0

    def call(self, operation: Callable[[], Result], fallback: Fallback) -> Result | Fallback:
        if time.monotonic() < self.closed_until:
            return fallback
        try:
            return operation()
        except Exception:
            self.closed_until = time.monotonic() + self.pause_seconds
            logger.warning("Rate limiting is degraded: the cache is unreachable", exc_info=True)
            return fallback

    def reset(self) -> None:
        self.closed_until = 0.0


breaker = CacheBreaker()


def guarded_cache(operation: Callable[[], Result], fallback: Fallback) -> Result | Fallback:
    """`operation()`, or `fallback` while the cache is unreachable."""
    return breaker.call(operation, fallback)


# What a guard key Redis does not hold reads as (RedisCounters.incr_if, read_or_seed).
ABSENT = "0"


def _fresh_value() -> str:
    return secrets.token_hex(8)


class RedisCounters:
    """Counters in the Redis of REDIS_URL, on one redis-py client built once.

    Not through Django's RedisCache: it builds a client object on every call,
    and its `add` + `incr` are three commands. Here a count is one pipeline,
    INCR then EXPIRE NX, sent and answered in one round trip. INCR alone
    decides the count, so it is exact across processes; EXPIRE NX sets the
    expiry once, when the window's key is new. No MULTI: atomicity of the pair
    is not needed, since a key that somehow missed its expiry is still only
    this window's.
    """

    def __init__(self, url: str):
        self.client = redis.Redis.from_url(url, **settings.RATE_LIMIT_REDIS_OPTIONS)

    def incr(self, key: str) -> int:
        pipe = self.client.pipeline(transaction=False)
        pipe.incr(key)
        pipe.expire(key, WINDOW_SECONDS * 2, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def get(self, key: str) -> int:
        value = self.client.get(key)  # bytes, or None for no key (redis-py types it loosely)
        return int(value) if isinstance(value, bytes) and value else 0

    # INCR + EXPIRE NX of KEYS[1] only while KEYS[2] still holds ARGV[1] (a missing
    # KEYS[2] reads as ABSENT) and KEYS[3], if given, does not exist: {count, value}
    # then, else {-1, value} (nothing counted).
    _INCR_IF = """
    local value = redis.call('GET', KEYS[2]) or '0'
    if value ~= ARGV[1] then return {-1, value} end
    if KEYS[3] and redis.call('EXISTS', KEYS[3]) == 1 then return {-1, value} end
    local count = redis.call('INCR', KEYS[1])
    redis.call('EXPIRE', KEYS[1], ARGV[2], 'NX')
    return {count, value}
    """

    def incr_if(
        self, key: str, guard: str, expected: str, absent: str | None = None
    ) -> tuple[int | None, str]:
        """One round trip (a script): count `key` if `guard` still reads `expected`
        (and the key `absent` does not exist), else count nothing (None). With
        what `guard` read (ABSENT for a key Redis does not hold)."""
        keys = [key, guard] + ([absent] if absent else [])
        count, value = self._incr_if_script(keys=keys, args=[expected, WINDOW_SECONDS * 2])
        read = value.decode() if isinstance(value, bytes) else str(value)
        return (None if count == -1 else int(count)), read

    @cached_property
    def _incr_if_script(self) -> Script:
        # EVALSHA, falling back to EVAL once per server: still one round trip.
        return self.client.register_script(self._INCR_IF)

    def read_or_seed(self, key: str) -> str:
        """`key`'s value, set first to a fresh one if Redis holds none: one round trip."""
        pipe = self.client.pipeline(transaction=False)
        pipe.set(key, _fresh_value(), nx=True)
        pipe.get(key)
        _, value = pipe.execute()
        return value.decode() if isinstance(value, bytes) and value else ABSENT

    def bump(self, key: str) -> None:
        # A fresh random value, not INCR: a count starts again from nothing when Redis
        # loses the key (a restart without persistence, an eviction) and would come
        # back to values read before, which a stale cached entry would then match.
        self.client.set(key, _fresh_value())

    def mark(self, key: str, *, seconds: int) -> None:
        self.client.set(key, 1, ex=max(int(seconds), 1))


class LocalCounters:
    """Without REDIS_URL: Django's cache (local memory), exact within one process."""

    def incr(self, key: str) -> int:
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        return cache.incr(key)

    def get(self, key: str) -> int:
        return int(cache.get(key, 0))


_counters: RedisCounters | LocalCounters | None = None


def counters() -> RedisCounters | LocalCounters:
    """The process's counters, built on first use (after a fork, redis-py reconnects)."""
    global _counters  # one client per process, by design
    if _counters is None:
        _counters = RedisCounters(settings.REDIS_URL) if settings.REDIS_URL else LocalCounters()
    return _counters


@receiver(setting_changed)
def _forget_counters(setting: str, **kwargs: Any) -> None:
    # Tests point REDIS_URL at another server (or none); build the client anew.
    global _counters
    if setting in ("REDIS_URL", "RATE_LIMIT_REDIS_OPTIONS", "CACHES"):
        _counters = None


def _key(identity: str, window: int) -> str:
    return f"coherence:rl:{identity}:{window}"


def hit(identity: str, limit: int) -> RateLimitState:
    """Count one request against `identity` in the current window: one round trip."""
    window, reset_at = _window()
    count = guarded_cache(lambda: counters().incr(_key(identity, window)), 0)
    return RateLimitState(limit=limit, count=count, reset_at=reset_at)


@dataclass(frozen=True)
class GuardedHit:
    """What `hit_if_current` did: the charge, if the guard held; and what the guard
    read (None when Redis did not answer or is not in use), so that a caller
    whose guard failed need not read it again."""

    state: RateLimitState | None
    guard_value: str | None


NOT_CHARGED = GuardedHit(state=None, guard_value=None)


def hit_if_current(
    identity: str, limit: int, guard: str, expected: str, absent: str | None = None
) -> GuardedHit:
    """`hit`, in the same round trip as checking that the Redis key `guard` still
    holds `expected` and that `absent` does not exist; nothing is counted when
    either fails (or when Redis is unreachable, or not in use)."""
    current = counters()
    if not isinstance(current, RedisCounters):
        return NOT_CHARGED
    window, reset_at = _window()
    key = _key(identity, window)
    answer = guarded_cache(lambda: current.incr_if(key, guard, expected, absent), None)
    if answer is None:
        return NOT_CHARGED
    count, value = answer
    if count is None:
        return GuardedHit(state=None, guard_value=value)
    return GuardedHit(RateLimitState(limit=limit, count=count, reset_at=reset_at), value)


def peek(identity: str, limit: int) -> RateLimitState:
    """The current window's state without counting a request."""
    window, reset_at = _window()
    count = guarded_cache(lambda: counters().get(_key(identity, window)), 0)
    return RateLimitState(limit=limit, count=count, reset_at=reset_at)
