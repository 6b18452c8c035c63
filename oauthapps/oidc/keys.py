"""The RSA keys that sign ID tokens (RS256), read once when the settings load.

One key signs: OIDC_RSA_PRIVATE_KEY. The keys it replaced stay published in
the JWKS (OIDC_RSA_PRIVATE_KEYS_INACTIVE) until every ID token they signed has
expired, so a relying party can still verify those (docs/oidc.md: rotation).
Each comes as PEM text in the environment or, for secret stores that mount
files, as a path in the `_FILE` variant.

A key that does not load as an unencrypted RSA private key of at least 2048
bits stops the start with ImproperlyConfigured, as a missing SECRET_KEY does,
naming the variable and never the key. Production has no default: without a
key it refuses to start. In DEBUG, with none given, a key is generated once
and kept beside the project, so ID tokens a developer's app holds survive the
dev server's reloads.
"""

import functools
import json
import os
import re
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from jwcrypto import jwk

MIN_KEY_BITS = 2048
ACTIVE = "OIDC_RSA_PRIVATE_KEY"
INACTIVE = "OIDC_RSA_PRIVATE_KEYS_INACTIVE"
_PEM_BLOCK = re.compile(
    r"-----BEGIN (?:RSA )?PRIVATE KEY-----.+?-----END (?:RSA )?PRIVATE KEY-----", re.DOTALL
)


def new_private_key_pem(bits: int = MIN_KEY_BITS) -> str:
    """A fresh RSA private key, PKCS#8 PEM, unencrypted."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def signing_key(*, pem: str, path: str, debug: bool, development_path: Path) -> str:
    """The PEM of the key that signs ID tokens: OIDC_RSA_PRIVATE_KEY or its `_FILE`."""
    if pem.strip() and path:
        raise ImproperlyConfigured(f"Set {ACTIVE} or {ACTIVE}_FILE, not both.")
    name = f"{ACTIVE}_FILE" if path else ACTIVE
    text = _read(path, name) if path else pem
    if text.strip():
        blocks = _blocks(text, name)
        if len(blocks) != 1:
            raise ImproperlyConfigured(f"{name} must hold exactly one private key.")
        return blocks[0]
    if not debug:
        raise ImproperlyConfigured(
            f"{ACTIVE} is not set. Set it to an RSA private key in PEM (at least "
            f"{MIN_KEY_BITS} bits: `openssl genpkey -algorithm RSA -pkeyopt "
            f"rsa_keygen_bits:2048`), or {ACTIVE}_FILE to a file holding one; it signs "
            "OpenID Connect ID tokens (or DEBUG=true for local development only)."
        )
    return _development_key(development_path)


def inactive_signing_keys(*, pems: str, paths: list[str], active: str) -> list[str]:
    """The keys still published for verification: OIDC_RSA_PRIVATE_KEYS_INACTIVE
    (PEM blocks, one after another) and the files OIDC_RSA_PRIVATE_KEYS_INACTIVE_FILE
    lists (comma-separated). The active key, if listed again, is left out."""
    found = _blocks(pems, INACTIVE) if pems.strip() else []
    for path in (p.strip() for p in paths):
        if path:
            found += _blocks(_read(path, f"{INACTIVE}_FILE"), f"{INACTIVE}_FILE")
    active_id = _public_numbers(active)
    unique: dict[tuple[int, int], str] = {}
    for pem in found:
        unique.setdefault(_public_numbers(pem), pem)
    unique.pop(active_id, None)
    return list(unique.values())


def _read(path: str, name: str) -> str:
    try:
        return Path(path).read_text()
    except OSError as error:
        raise ImproperlyConfigured(f"{name}: cannot read {path} ({error.strerror}).") from error


def _blocks(text: str, name: str) -> list[str]:
    """Each PEM private key in `text`, checked. Literal `\\n` (as .env files write
    newlines) counts as a newline."""
    text = text.replace("\\n", "\n")
    blocks = _PEM_BLOCK.findall(text)
    if not blocks:
        raise ImproperlyConfigured(f"{name} holds no PEM private key.")
    for block in blocks:
        _check(block, name)
    return [block.strip() + "\n" for block in blocks]


def _check(pem: str, name: str) -> None:
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"{name}: not a readable, unencrypted PEM private key."
        ) from error
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ImproperlyConfigured(f"{name}: not an RSA key (ID tokens are signed RS256).")
    if key.key_size < MIN_KEY_BITS:
        raise ImproperlyConfigured(
            f"{name}: a {key.key_size}-bit key; use at least {MIN_KEY_BITS} bits."
        )


def _public_numbers(pem: str) -> tuple[int, int]:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):  # `_check` let only RSA keys through
        raise TypeError("An ID token signing key must be RSA.")
    public = key.public_key().public_numbers()
    return public.n, public.e


def _development_key(path: Path) -> str:
    """DEBUG only: the key in `path`, made on first use (mode 0600, git-ignored).

    Written to a private temporary file and then linked into place, so two
    processes starting at once (the dev server and its reloader) never read half
    a key, and the first one's key is the one both keep.
    """
    if not path.exists():
        temporary = path.with_name(f"{path.name}.{secrets.token_hex(8)}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(descriptor, "w") as file:
                file.write(new_private_key_pem())
            os.link(temporary, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            temporary.unlink(missing_ok=True)
    blocks = _blocks(path.read_text(), str(path))
    return blocks[0]


def verification_keys() -> jwk.JWKSet:
    """The active and inactive keys' public halves as one JWK set, each with the
    `kid` the JWKS publishes (its thumbprint), for checking ID tokens this
    server signed, before a rotation too (an id_token_hint at logout)."""
    from oauth2_provider.settings import oauth2_settings

    pems = (oauth2_settings.OIDC_RSA_PRIVATE_KEY, *oauth2_settings.OIDC_RSA_PRIVATE_KEYS_INACTIVE)
    return _key_set(tuple(pem for pem in pems if pem))


@functools.lru_cache(maxsize=4)
def _key_set(pems: tuple[str, ...]) -> jwk.JWKSet:
    keys = jwk.JWKSet()
    for pem in pems:
        private = jwk.JWK.from_pem(pem.encode())
        public = {**json.loads(private.export_public()), "kid": private.thumbprint()}
        keys.add(jwk.JWK(**public))
    return keys
