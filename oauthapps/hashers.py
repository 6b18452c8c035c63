import hashlib
import hmac
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.hashers import (
    BasePasswordHasher,
    identify_hasher,
    make_password,
    mask_hash,
)
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from oauth2_provider.settings import oauth2_settings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

KEY_SALT = "oauthapps.hashers.ClientSecretHasher"


class ClientSecretHasher(BasePasswordHasher):
    """HMAC-SHA256 for OAuth client secrets (CLIENT_SECRET_HASHER); never for passwords.

    A password hasher is slow on purpose: people pick guessable passwords, so
    each guess must cost an attacker time. DOT hashes client secrets with the
    first PASSWORD_HASHERS entry by default, and every `/oauth/token` call pays
    that cost again (about 0.4 s with PBKDF2), for nothing: our secrets are
    generated, 128 characters from a 66-symbol alphabet (over 700 bits), and a
    secret of 256 bits cannot be guessed however cheap one guess is. So one
    HMAC-SHA256 is enough, and it costs microseconds.

    The HMAC key comes from SECRET_KEY (and SECRET_KEY_FALLBACKS while a key
    is rotated), so the stored values alone do not even let anyone test a
    candidate secret. The salt makes equal secrets hash differently.

    This class is listed LAST in PASSWORD_HASHERS (DOT accepts only a hasher
    listed there), so no password is ever hashed with it. It is only fit for
    long random secrets: oauthapps.models.Application refuses short ones.
    """

    algorithm = "hmac_sha256"

    def encode(self, password: str, salt: str) -> str:
        # Django's own argument check for hashers; private, so the stubs leave it out.
        self._check_encode_args(password, salt)  # type: ignore[attr-defined]
        return f"{self.algorithm}${salt}${self._digest(password, salt, settings.SECRET_KEY)}"

    def decode(self, encoded: str) -> dict[str, str]:
        algorithm, salt, digest = encoded.split("$", 2)
        assert algorithm == self.algorithm  # noqa: S101 (Django's hashers do the same)
        return {"algorithm": algorithm, "hash": digest, "salt": salt}

    def verify(self, password: str, encoded: str) -> bool:
        decoded = self.decode(encoded)
        keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
        return any(
            constant_time_compare(decoded["hash"], self._digest(password, decoded["salt"], key))
            for key in keys
        )

    def safe_summary(self, encoded: str) -> "dict[StrOrPromise, str]":
        decoded = self.decode(encoded)
        return {
            "algorithm": decoded["algorithm"],
            "salt": mask_hash(decoded["salt"], show=2),
            "hash": mask_hash(decoded["hash"]),
        }

    def must_update(self, encoded: str) -> bool:
        return False

    def harden_runtime(self, password: str, encoded: str) -> None:
        pass

    @staticmethod
    def _digest(password: str, salt: str, secret_key: str) -> str:
        key = hashlib.sha256(force_bytes(KEY_SALT + secret_key)).digest()
        return hmac.new(key, force_bytes(f"{salt}${password}"), hashlib.sha256).hexdigest()


def client_secret_hashed(stored: str) -> str:
    """A stored client secret as DOT stores a hashed one: a hash passes through as is.

    A rotation moves the current secret's stored value to
    `previous_client_secret`, where the token endpoint checks it the same way
    (`check_password`, so in constant time). An app whose secret is kept in
    plain text (`hash_client_secret` off) has it hashed on the way, so a
    previous secret is never kept in plain text.
    """
    if not stored:
        return ""
    try:
        identify_hasher(stored)
    except ValueError:
        return make_password(stored, hasher=oauth2_settings.CLIENT_SECRET_HASHER)
    return stored


def client_secret_hint(secret: str) -> str:
    """`AbC1…wxYz`: enough to tell two secrets apart; 8 of 128 characters tell an attacker
    nothing of use."""
    return f"{secret[:4]}…{secret[-4:]}"
