"""Secrets shown once: kept in the cache for ten minutes, never in the database.

A create or roll POST stashes the new secret under a random token and
redirects to a page that takes it: the first render removes it, so a reload,
the back button or another user finds nothing. A secret nobody comes to
collect expires after SHELF_LIFE.

Why the cache and not the session encrypted under a key derived from
SECRET_KEY: sessions live in the database for two weeks, and SECRET_KEY sits
in the environment of every worker and usually in the same backups as the
database, so a dump plus the settings would still open every uncollected
secret; rotating SECRET_KEY would also strand them. The cache holds the
secret for at most ten minutes and nothing about it is ever written to a
table. The session keeps only a SHA-256 digest of the token, so even a stolen
session row cannot name the page that shows the secret. The trade-off: with
the per-process local-memory cache (no REDIS_URL) the page must be served by
the process that made the secret, which is why several workers need Redis
(they already do, for rate limits); a miss shows "no longer available", and
the user rolls the key.
"""

import hashlib
import logging
import secrets
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)

SHELF_LIFE = timedelta(minutes=10)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cache_key(shelf: str, digest: str) -> str:
    return f"one-time:{shelf}:{digest}"


def _fresh(entry: dict) -> bool:
    # The cache expires the entry too; this check also holds when the cache's
    # clock is not ours (Redis) and keeps the ten minutes exact.
    return timezone.now() - datetime.fromisoformat(entry["at"]) <= SHELF_LIFE


def one_time_stash(request, shelf: str, **payload) -> str:
    """Keep `payload` for one display; returns the token that fetches it."""
    token = secrets.token_urlsafe(24)
    digest = _digest(token)
    entry = {**payload, "at": timezone.now().isoformat()}
    try:
        cache.set(_cache_key(shelf, digest), entry, timeout=SHELF_LIFE.total_seconds())
    except Exception:
        # The secret's object is already made: answer the page (which then says
        # the secret is unavailable) rather than a 500 for a cache outage.
        logger.exception("Could not keep a one-time secret on shelf %s", shelf)
    owed = request.session.get(shelf, [])
    request.session[shelf] = [*(owed if isinstance(owed, list) else [])[-9:], digest]
    return token


def one_time_take(request, shelf: str, token: str) -> dict | None:
    """The payload stashed under `token`, once; None if taken already, stale or not ours."""
    digest = _digest(token)
    owed = request.session.get(shelf, [])
    if not isinstance(owed, list) or digest not in owed:
        return None
    request.session[shelf] = [d for d in owed if d != digest]
    key = _cache_key(shelf, digest)
    try:
        entry = cache.get(key)
        # Only the request whose delete removed the entry shows it: two
        # concurrent loads of the page cannot both get the secret.
        if entry is None or not cache.delete(key):
            return None
    except Exception:
        logger.exception("Could not read a one-time secret on shelf %s", shelf)
        return None
    return entry if _fresh(entry) else None
