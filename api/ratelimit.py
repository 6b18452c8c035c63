"""Per-credential rate limits: a fixed one-minute window, counted in the cache.

Each window is one cache key, created with `add` (Redis SET NX with an expiry)
and counted with `incr` (Redis INCR): both atomic, so with a limit of N exactly
N concurrent requests get through, across every process that shares the Redis
named by REDIS_URL. Without REDIS_URL the counters live in local memory and
are exact only within one process.

If the cache is unreachable, requests are let through (rate limiting degrades,
the API keeps answering) and a warning is logged; the cache is then left alone
for a few seconds so that every request does not pay for a dead connection.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle

from api.principal import Principal

logger = logging.getLogger(__name__)

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


def limit_for(principal: Principal) -> int:
    return principal.rate_limit or default_limit(principal.livemode)


def _window() -> tuple[int, int]:
    window = int(time.time()) // WINDOW_SECONDS
    return window, (window + 1) * WINDOW_SECONDS


class CacheBreaker:
    """After a cache failure, leave the cache alone for a few seconds."""

    pause_seconds = 5.0

    def __init__(self):
        self.closed_until = 0.0

    def call(self, operation, fallback):
        if time.monotonic() < self.closed_until:
            return fallback
        try:
            return operation()
        except Exception:
            self.closed_until = time.monotonic() + self.pause_seconds
            logger.warning("Rate limiting is degraded: the cache is unreachable", exc_info=True)
            return fallback

    def reset(self):
        self.closed_until = 0.0


breaker = CacheBreaker()


def guarded_cache(operation, fallback):
    """`operation()`, or `fallback` while the cache is unreachable."""
    return breaker.call(operation, fallback)


def hit(identity: str, limit: int) -> RateLimitState:
    """Count one request against `identity` in the current window."""
    window, reset_at = _window()
    key = f"rl:{identity}:{window}"

    def count():
        cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
        return cache.incr(key)

    return RateLimitState(limit=limit, count=guarded_cache(count, 0), reset_at=reset_at)


def peek(identity: str, limit: int) -> RateLimitState:
    """The current window's state without counting a request."""
    window, reset_at = _window()
    count = guarded_cache(lambda: cache.get(f"rl:{identity}:{window}", 0), 0)
    return RateLimitState(limit=limit, count=count, reset_at=reset_at)


class CredentialRateThrottle(BaseThrottle):
    """Counts each authenticated request against its credential's limit.

    The state is kept on the request, for the X-RateLimit-* headers that
    api.middleware adds to every /v1 response.
    """

    def allow_request(self, request, view):
        principal = request.auth
        if not isinstance(principal, Principal):
            return True
        self.state = hit(principal.rate_key, limit_for(principal))
        request._request.rate_limit = self.state
        return self.state.allowed

    def wait(self):
        return self.state.retry_after()
