"""Public identifiers: a type prefix and random base62, never the integer key."""

import secrets
import string

BASE62 = string.digits + string.ascii_letters


def random_base62(length: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(length))


def public_id(prefix: str, length: int = 20) -> str:
    """`usr_` + 20 base62 characters carries 119 bits: unguessable and collision-free."""
    return f"{prefix}_{random_base62(length)}"
