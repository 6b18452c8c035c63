"""Two-factor secrets (the TOTP key, the recovery codes' seed) encrypted at rest.

allauth stores them in the database and leaves encryption to this hook. They
are encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under a key derived
from SECRET_KEY, which the database does not hold: a dump alone gives no one
a second factor. SECRET_KEY_FALLBACKS keep secrets written under an old key
readable while it is rotated (MultiFernet tries each in turn).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings

KEY_SALT = b"accounts.mfa_adapter.secrets"


def _fernet(secret_key: str) -> Fernet:
    digest = hashlib.sha256(KEY_SALT + secret_key.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def _keys() -> MultiFernet:
    secret_keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in secret_keys])


# allauth ships no types: its adapter is Any to the type checker.
class MFAAdapter(DefaultMFAAdapter):  # type: ignore[misc]
    def encrypt(self, text: str) -> str:
        return _keys().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _keys().decrypt(encrypted_text.encode()).decode()
