"""The API key format: `ck_live_` or `ck_test_`, random base62, a checksum.

    ck_live_ 0Tq7...(32 random base62, 190 bits)... Ab12Cd
    prefix   secret                                 CRC32 of everything before it

The checksum lets a typo or a truncated paste be refused before any database
query, and lets secret scanners recognise a real key. It protects nothing:
anyone can compute it. The secret is the 190 random bits.

Only a SHA-256 digest of the whole key is stored. A fast hash is the right
tool here and a password hasher (PBKDF2, Argon2) the wrong one: password
hashers are slow on purpose to make guessing low-entropy passwords expensive,
but nobody can guess 190 random bits however fast the hash is, and a slow hash
would cost hundreds of milliseconds on every API request. The digest is also
what makes lookup a single indexed equality query.
"""

import hashlib
import secrets
import zlib
from dataclasses import dataclass

from accounts.ids import BASE62, random_base62

LIVE_PREFIX = "ck_live_"
TEST_PREFIX = "ck_test_"
SECRET_LENGTH = 32  # 32 * log2(62) = 190 bits
CHECKSUM_LENGTH = 6  # 62**6 > 2**32
KEY_LENGTH = len(LIVE_PREFIX) + SECRET_LENGTH + CHECKSUM_LENGTH
_BASE62_SET = frozenset(BASE62)


@dataclass(frozen=True)
class ParsedKey:
    raw: str
    livemode: bool
    # Hashed once, in `parse`: authentication, the cache and the lookup all ask for it.
    digest: str


def _base62(number: int, width: int) -> str:
    chars = []
    for _ in range(width):
        number, remainder = divmod(number, 62)
        chars.append(BASE62[remainder])
    return "".join(reversed(chars))


def checksum(body: str) -> str:
    return _base62(zlib.crc32(body.encode("ascii")), CHECKSUM_LENGTH)


def generate(*, livemode: bool) -> str:
    body = (LIVE_PREFIX if livemode else TEST_PREFIX) + random_base62(SECRET_LENGTH)
    return body + checksum(body)


def parse(raw: str) -> ParsedKey | None:
    """The key if it is well-formed (prefix, length, alphabet, checksum), else None."""
    if len(raw) != KEY_LENGTH:
        return None
    if raw.startswith(LIVE_PREFIX):
        livemode = True
    elif raw.startswith(TEST_PREFIX):
        livemode = False
    else:
        return None
    tail = raw[len(LIVE_PREFIX) :]
    if not _BASE62_SET.issuperset(tail):
        return None
    body, check = raw[:-CHECKSUM_LENGTH], raw[-CHECKSUM_LENGTH:]
    if not secrets.compare_digest(checksum(body), check):
        return None
    return ParsedKey(raw=raw, livemode=livemode, digest=digest(raw))


def looks_like_key(raw: str) -> bool:
    """True for anything wearing a key prefix, well-formed or not."""
    return raw.startswith((LIVE_PREFIX, TEST_PREFIX))


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("ascii")).hexdigest()


def hint(raw: str) -> str:
    """`ck_live_AbC1…wxYz`: enough to tell keys apart, useless to an attacker."""
    prefix = raw[: len(LIVE_PREFIX)]
    return f"{prefix}{raw[len(prefix) : len(prefix) + 4]}…{raw[-4:]}"
