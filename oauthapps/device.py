"""User codes of the device flow (RFC 8628): their format, and the limit on guessing them.

A person reads the code off a terminal or a TV and types it on another device,
so it is made for that (RFC 8628 section 6.1): eight consonants, shown as two
groups of four, BCDF-GHJK. No vowels, so no words; no digits, so nothing to
mistake for O or I. What they type is read case-insensitively, with dashes
and spaces ignored.

Eight letters of twenty are about 34.6 bits. The code is only worth guessing
while it is pending, for OAUTH_DEVICE_CODE_EXPIRE_SECONDS; wrong codes are
counted per signed-in user and per client address in api.ratelimit's fixed
one-minute windows, so an attacker gets a handful of guesses per minute
against about 2.6e10 codes. The count is read before a try and raised after a
wrong one: concurrent tries can each slip past the last free slot, a few
guesses at most, which this trade-off accepts so that right codes cost
nothing.
"""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

from accounts.client_ip import client_ip
from api.ratelimit import RateLimitState, hit, peek

ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
LENGTH = 8
GROUP = 4
_IGNORED = str.maketrans("", "", "- \t")


def new_user_code() -> str:
    """A fresh code as the device shows it: XXXX-XXXX."""
    return display(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalize(typed: str) -> str:
    """What was typed, as stored: upper case, without dashes or spaces."""
    return typed.translate(_IGNORED).upper()


def is_well_formed(code: str) -> bool:
    """A normalized code of the right length and alphabet (else it is a typo, not a guess)."""
    return len(code) == LENGTH and all(character in ALPHABET for character in code)


def display(code: Iterable[str]) -> str:
    """A normalized code (or its characters) as people read it: BCDF-GHJK."""
    text = "".join(code)
    return f"{text[:GROUP]}-{text[GROUP:]}" if len(text) == LENGTH else text


def _buckets(request: HttpRequest) -> list[tuple[str, int]]:
    return [
        (f"oauth-device:user:{request.user.pk}", settings.OAUTH_DEVICE_CODE_GUESSES_PER_USER),
        (f"oauth-device:ip:{client_ip(request)}", settings.OAUTH_DEVICE_CODE_GUESSES_PER_ADDRESS),
    ]


def guessing_refused(request: HttpRequest) -> RateLimitState | None:
    """The window that allows this user (or address) no more wrong codes, or None."""
    for identity, limit in _buckets(request):
        state = peek(identity, limit)
        if state.count >= state.limit:
            return state
    return None


def wrong_code_charge(request: HttpRequest) -> None:
    """Count a refused code against the user and their address."""
    for identity, limit in _buckets(request):
        hit(identity, limit)
