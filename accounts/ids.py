"""Public identifiers: a type prefix and random base62, never the integer key."""

import secrets
import string

BASE62 = string.digits + string.ascii_letters


def random_base62(length: int) -> str:
    """`length` uniformly random base62 characters (one draw, not one per character)."""
    number = secrets.randbelow(62**length)
    chars = []
    for _ in range(length):
        number, digit = divmod(number, 62)
        chars.append(BASE62[digit])
    return "".join(chars)


def public_id(prefix: str, length: int = 20) -> str:
    """`usr_` + 20 base62 characters carries 119 bits: unguessable and collision-free."""
    return f"{prefix}_{random_base62(length)}"
