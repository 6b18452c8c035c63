"""Verified keys kept in each process, checked on every request against Redis.

Why: the key lookup was the one SQL statement left on a keyed request, and
with its connection check a database round trip or two on every API call
(`python -m bench.per_request`). A process keeps the keys it has verified;
a request that presents one of them makes no query at all.

Why revocation stays immediate: everything a key's verdict depends on (the
key's row, its creator, the creator's membership, the workspace) bumps one
counter in Redis, the credentials generation, whenever it changes
(apikeys.receivers; at the change and again once it commits). Each cached key
remembers the generation it was read under, and the request's one round trip
to Redis (api.ratelimit.hit_if_current) charges the key only if the
generation is still that; otherwise nothing is charged and the key is read
from the database again, as on a first use. The generation is read before
that database read, so a change that commits in between still invalidates
what was read.

The limits of it, stated: without Redis (REDIS_URL unset) nothing is cached,
since a local counter could not tell this process about another's changes;
when Redis is unreachable every request reads the database. If a change
commits while Redis cannot be reached, its bump is lost; a cached key is
therefore never trusted for longer than KEY_CACHE_SECONDS after it was read.
"""

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver

from api.ratelimit import RedisCounters, counters, guarded_cache

logger = logging.getLogger(__name__)

GENERATION = "coherence:credentials:generation"


def _clock() -> float:
    return time.monotonic()


@dataclass(frozen=True)
class CachedKey:
    key: object  # apikeys.models.ApiKey, with workspace, creator and creator_role loaded
    generation: str
    read_at: float  # _clock()


class VerifiedKeys:
    """The process's verified keys by digest, oldest dropped first past `size`."""

    def __init__(self, size: int = 10_000):
        self.size = size
        self._entries: dict[str, CachedKey] = {}

    def get(self, digest: str) -> CachedKey | None:
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if _clock() - entry.read_at > settings.KEY_CACHE_SECONDS:
            self._entries.pop(digest, None)
            return None
        return entry

    def put(self, digest: str, key, generation: str) -> None:
        if len(self._entries) >= self.size:
            self._entries.pop(next(iter(self._entries)), None)
        self._entries[digest] = CachedKey(key=key, generation=generation, read_at=_clock())

    def drop(self, digest: str) -> None:
        self._entries.pop(digest, None)

    def clear(self) -> None:
        self._entries.clear()


verified_keys = VerifiedKeys()


def _redis() -> RedisCounters | None:
    current = counters()
    if isinstance(current, RedisCounters) and settings.KEY_CACHE_SECONDS > 0:
        return current
    return None


def current_generation() -> str | None:
    """The credentials generation, or None when keys are not to be cached now."""
    redis = _redis()
    return None if redis is None else guarded_cache(lambda: redis.read(GENERATION), None)


def bump_generation() -> None:
    """Every cached key everywhere is read again on its next use.

    Not through the rate limits' circuit breaker: a change must try to reach
    Redis even right after a failure (see the module docstring for a bump lost).
    """
    redis = counters()
    if not isinstance(redis, RedisCounters):
        return
    try:
        redis.bump(GENERATION)
    except Exception:
        logger.warning("Could not bump the credentials generation", exc_info=True)


# What a cached key's verdict depends on: the key, its creator,
# the creator's membership and the workspace. A change bumps the credentials
# generation now and again once it commits: the first reaches requests of this
# transaction's own connection, the second closes the window in which another
# process could read the old row under the new generation.
UNCHANGING = {
    "apikeys.ApiKey": {"last_used_at", "last_used_ip"},  # what requests touch
    "accounts.User": {"last_login"},
}


def credentials_changed(sender=None, update_fields=None, created=False, **kwargs) -> None:
    """A signal receiver (apikeys.receivers), and the call of set-based changes.

    A new row changes no cached verdict (a key, user, membership or workspace
    that did not exist was in no cache), nor do the columns requests touch.
    """
    label = getattr(getattr(sender, "_meta", None), "label", "")
    if created or (update_fields and set(update_fields) <= UNCHANGING.get(label, set())):
        return
    bump_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump_generation)


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    # Tests point REDIS_URL elsewhere: what was verified under the old one is moot.
    if setting in ("REDIS_URL", "KEY_CACHE_SECONDS", "CACHES"):
        verified_keys.clear()
