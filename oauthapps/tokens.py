"""Token values: a prefix that says what the token is, then 256 random bits in base62."""

import secrets
import string

from oauthlib.common import Request

ACCESS_TOKEN_PREFIX = "at_"  # noqa: S105
REFRESH_TOKEN_PREFIX = "rt_"  # noqa: S105
ALPHABET = string.ascii_letters + string.digits
RANDOM_LENGTH = 43  # 43 base62 characters carry 256 bits


def _random() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))


def new_access_token(request: Request) -> str:
    """ACCESS_TOKEN_GENERATOR: `at_...`."""
    return ACCESS_TOKEN_PREFIX + _random()


def new_refresh_token(request: Request) -> str:
    """REFRESH_TOKEN_GENERATOR: `rt_...`."""
    return REFRESH_TOKEN_PREFIX + _random()
