"""Verified credentials kept in each process, checked on every request against Redis.

Why: the credential lookup was the one SQL statement left on an API request,
and with its connection check a database round trip or two on every call
(`python -m bench.per_request`). A process keeps the API keys and OAuth access
tokens it has verified; a request that presents one of them makes no query.

Why revocation stays immediate, everywhere:
- Everything a credential's verdict depends on besides its own row (its user,
  the user's membership, the workspace, an app's first-party status, any API
  key) bumps one counter in Redis, the credentials generation, when it
  changes (the receivers in apikeys and oauthapps; at the change and again
  once it commits). A cached credential remembers the generation it was read
  under; the generation is read before that database read, so a change that
  commits in between still invalidates what was read.
- An access token that is revoked, refreshed away or deleted also sets a
  marker of its own (`revoked_marker`), so that the hourly churn of token
  refreshes does not bump the generation for every credential.
- The request's one round trip to Redis (api.ratelimit.hit_if_current)
  charges the credential only if its generation is current and it has no
  marker; otherwise nothing is charged and the credential is read from the
  database again, as on a first use, under the generation that round trip read.

The limits of it, stated: without Redis (REDIS_URL unset) nothing is cached,
since a local counter could not tell this process about another's changes;
when Redis is unreachable every request reads the database. If a change
commits while Redis cannot be reached, its bump is lost; a cached credential
is therefore never trusted for longer than KEY_CACHE_SECONDS after it was read.
"""

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeGuard

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import Model
from django.dispatch import receiver

from api.lookup import CredentialT
from api.ratelimit import ABSENT, RedisCounters, counters, guarded_cache

logger = logging.getLogger(__name__)

GENERATION = "coherence:credentials:generation"


def _clock() -> float:
    return time.monotonic()


@dataclass(frozen=True)
class Cached(Generic[CredentialT]):
    credential: CredentialT  # an ApiKey or AccessToken as its lookup loaded it (api.lookup)
    generation: str
    read_at: float  # _clock()


def _holds(entry: Cached[Model], kind: type[CredentialT]) -> TypeGuard[Cached[CredentialT]]:
    return isinstance(entry.credential, kind)


class VerifiedCredentials:
    """The process's verified credentials by digest, oldest dropped first past `size`."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._entries: dict[str, Cached[Model]] = {}
        # Around every change: finding the oldest entry iterates, which a change from
        # another thread would break off ("dictionary changed size"). Reads need none.
        self._changing = threading.Lock()

    def get(self, digest: str, kind: type[CredentialT]) -> Cached[CredentialT] | None:
        """The fresh entry for `digest` if it holds a `kind` (digests of keys and
        checksums of tokens share the one store)."""
        entry = self._entries.get(digest)
        if entry is None:
            return None
        if _clock() - entry.read_at > settings.KEY_CACHE_SECONDS:
            self.drop(digest)
            return None
        return entry if _holds(entry, kind) else None

    def put(self, digest: str, credential: Model, generation: str) -> None:
        with self._changing:
            if len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries), ""), None)
            self._entries[digest] = Cached(credential, generation, read_at=_clock())

    def drop(self, digest: str) -> None:
        with self._changing:
            self._entries.pop(digest, None)

    def clear(self) -> None:
        with self._changing:
            self._entries.clear()


verified = VerifiedCredentials()


def _redis() -> RedisCounters | None:
    current = counters()
    if isinstance(current, RedisCounters) and settings.KEY_CACHE_SECONDS > 0:
        return current
    return None


def current_generation(already_read: str | None = None) -> str | None:
    """The credentials generation to cache what is read next under, or None when
    nothing is to be cached now.

    `already_read`: what this request's failed check read (api.ratelimit's
    GuardedHit), which saves the round trip. A generation Redis does not hold
    (never set, or lost with a restart) is set afresh, never cached under: a
    stale entry could not tell it from the time before.
    """
    redis = _redis()
    if redis is None:
        return None
    if already_read is not None and already_read != ABSENT:
        return already_read
    seeded = guarded_cache(lambda: redis.read_or_seed(GENERATION), None)
    return None if seeded == ABSENT else seeded


def bump_generation() -> None:
    """Every cached credential everywhere is read again on its next use.

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


# A change bumps the credentials generation now and again once it commits:
# the first reaches requests of this transaction's own connection, the second
# closes the window in which another process could read the old row under
# the new generation.
UNCHANGING = {
    "apikeys.ApiKey": {"last_used_at", "last_used_ip"},  # what requests touch
    "oauthapps.AccessToken": {"last_used_at"},
    "accounts.User": {"last_login"},
}


def credentials_changed(
    sender: object = None,
    update_fields: Iterable[str] | None = None,
    created: bool = False,
    **kwargs: Any,
) -> None:
    """A signal receiver (apikeys.receivers), and the call of set-based changes.

    A new row changes no cached verdict (a key, user, membership or workspace
    that did not exist was in no cache), nor do the columns requests touch.
    """
    # Not always a model: allauth's email_confirmed is sent by a confirmation class.
    label = getattr(getattr(sender, "_meta", None), "label", "")
    if created or (update_fields and set(update_fields) <= UNCHANGING.get(label, set())):
        return
    _now_and_on_commit(bump_generation)


def revoked_marker(kind: str, pk: object) -> str:
    return f"coherence:credentials:revoked:{kind}:{pk}"


def credential_revoked(kind: str, pk: object, *, lifetime: int) -> None:
    """Mark one credential as changed for every process's cache, for `lifetime`
    seconds (as long as a cached copy could otherwise be used)."""

    def mark() -> None:
        redis = counters()
        if not isinstance(redis, RedisCounters):
            return
        try:
            redis.mark(revoked_marker(kind, pk), seconds=lifetime)
        except Exception:
            logger.warning("Could not mark a revoked credential", exc_info=True)

    _now_and_on_commit(mark)


def _now_and_on_commit(action: Callable[[], None]) -> None:
    action()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(action)


@receiver(setting_changed)
def _forget_credentials(setting: str, **kwargs: Any) -> None:
    # Tests point REDIS_URL elsewhere: what was verified under the old one is moot.
    if setting in ("REDIS_URL", "KEY_CACHE_SECONDS", "CACHES"):
        verified.clear()
