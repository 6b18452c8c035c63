"""Leaked keys: the public keys that sign GitHub's secret scanning reports."""

import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import env


def _secret_scanning_public_keys() -> dict[str, str]:
    """SECRET_SCANNING_PUBLIC_KEYS: a JSON object, key identifier -> PEM public key.

    Copied from https://api.github.com/meta/public_keys/secret_scanning when
    GitHub rotates its keys; checked here, so a bad value stops the start,
    not a report. Empty: every report is refused.
    """
    raw = env.str("SECRET_SCANNING_PUBLIC_KEYS", default="").strip()
    if not raw:
        return {}
    try:
        keys = json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured("SECRET_SCANNING_PUBLIC_KEYS is not JSON.") from error
    if not isinstance(keys, dict):
        raise ImproperlyConfigured("SECRET_SCANNING_PUBLIC_KEYS must be a JSON object.")
    for identifier, pem in keys.items():
        try:
            key = serialization.load_pem_public_key(str(pem).encode())
        except ValueError as error:
            raise ImproperlyConfigured(
                f"SECRET_SCANNING_PUBLIC_KEYS[{identifier!r}]: bad PEM."
            ) from error
        if not (isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "secp256r1"):
            raise ImproperlyConfigured(
                f"SECRET_SCANNING_PUBLIC_KEYS[{identifier!r}] is not an ECDSA P-256 key."
            )
    return {str(identifier): str(pem) for identifier, pem in keys.items()}


SECRET_SCANNING_PUBLIC_KEYS = _secret_scanning_public_keys()
