"""Secrets shown once: kept in the cache for ten minutes, never in the database.

A create or roll POST stashes the new secret under a random token and
redirects to a page that takes it (`one_time_redirect`, `one_time_take`): the
first render removes it, so a reload, the back button or another user finds
nothing. A secret nobody comes to
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
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils import timezone

logger = logging.getLogger(__name__)

SHELF_LIFE = timedelta(minutes=10)

# What a page may park: the secret and the plain facts it is shown with.
Value = str | int | bool
Entry = dict[str, Value]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _cache_key(shelf: str, digest: str) -> str:
    return f"one-time:{shelf}:{digest}"


def _fresh(entry: Entry) -> bool:
    # The cache expires the entry too; this check also holds when the cache's
    # clock is not ours (Redis) and keeps the ten minutes exact.
    return timezone.now() - datetime.fromisoformat(str(entry["at"])) <= SHELF_LIFE


def _stash(request: HttpRequest, shelf: str, **payload: Value) -> str:
    """Keep `payload` for one display; returns the token that fetches it."""
    token = secrets.token_urlsafe(24)
    digest = _digest(token)
    entry: Entry = {**payload, "at": timezone.now().isoformat()}
    try:
        cache.set(_cache_key(shelf, digest), entry, timeout=SHELF_LIFE.total_seconds())
    except Exception:
        # The secret's object is already made: answer the page (which then says
        # the secret is unavailable) rather than a 500 for a cache outage.
        logger.exception("Could not keep a one-time secret on shelf %s", shelf)
    owed = request.session.get(shelf, [])
    request.session[shelf] = [*(owed if isinstance(owed, list) else [])[-9:], digest]
    return token


def one_time_redirect(
    request: HttpRequest, shelf: str, to: str, **payload: Value
) -> HttpResponseRedirect:
    """Stash `payload` and send the browser to the page `to` that shows it, by its token.

    The page that made a secret answers with this redirect, so the secret is
    never in a response to a POST that a reload would send again."""
    token = _stash(request, shelf, **payload)
    return redirect(to, token=token)


def one_time_take(request: HttpRequest, shelf: str, token: str) -> Entry | None:
    """The payload stashed under `token`, once; None if taken already, stale or not ours."""
    digest = _digest(token)
    owed = request.session.get(shelf, [])
    if not isinstance(owed, list) or digest not in owed:
        return None
    request.session[shelf] = [d for d in owed if d != digest]
    key = _cache_key(shelf, digest)
    try:
        entry: Entry | None = cache.get(key)
        # Only the request whose delete removed the entry shows it: two
        # concurrent loads of the page cannot both get the secret.
        if entry is None or not cache.delete(key):
            return None
    except Exception:
        logger.exception("Could not read a one-time secret on shelf %s", shelf)
        return None
    return entry if _fresh(entry) else None
