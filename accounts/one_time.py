"""Secrets shown once: kept in the signed-in user's session until first displayed.

A create or roll POST stashes the new secret under a random token and
redirects to a page that takes it: the first render pops it, so a reload, the
back button or another user finds nothing. A secret nobody comes to collect
is dropped after SHELF_LIFE rather than kept in the session.
"""

import secrets
from datetime import datetime, timedelta

from django.utils import timezone

SHELF_LIFE = timedelta(minutes=10)


def _fresh(entry: dict) -> bool:
    return timezone.now() - datetime.fromisoformat(entry["at"]) <= SHELF_LIFE


def one_time_stash(request, shelf: str, **payload) -> str:
    """Keep `payload` for one display; returns the token that fetches it."""
    token = secrets.token_urlsafe(24)
    entries = {t: e for t, e in request.session.get(shelf, {}).items() if _fresh(e)}
    entries[token] = {**payload, "at": timezone.now().isoformat()}
    request.session[shelf] = entries
    return token


def one_time_take(request, shelf: str, token: str) -> dict | None:
    """The payload stashed under `token`, once; None if taken already or stale."""
    entries = request.session.get(shelf, {})
    entry = entries.pop(token, None)
    request.session[shelf] = entries
    return entry if entry is not None and _fresh(entry) else None
