"""Who may report leaks: whoever signs the raw body with a key in SECRET_SCANNING_PUBLIC_KEYS.

GitHub signs with ECDSA P-256 / SHA-256 and sends `Github-Public-Key-Identifier`
(which of its keys) and `Github-Public-Key-Signature` (base64 DER). The keys
are configured, never fetched at request time: an endpoint that fetched keys
on demand would let any caller make it call out, and would stop when GitHub's
key API is slow. A refusal is a 403 `invalid_signature`: 401 would promise an
authentication scheme to retry with, and this endpoint has none to offer.
"""

import base64
import binascii
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.http import HttpRequest
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.request import Request

# GitHub batches many matches into one message; a megabyte is thousands of them.
MAX_BODY_BYTES = 1024 * 1024


class PayloadTooLarge(APIException):
    status_code = 413
    default_code = "payload_too_large"
    default_detail = f"The report is larger than the limit of {MAX_BODY_BYTES} bytes."


def refused(message: str) -> PermissionDenied:
    return PermissionDenied(message, code="invalid_signature")


@lru_cache(maxsize=16)
def _public_key(pem: str) -> ec.EllipticCurvePublicKey:
    key = serialization.load_pem_public_key(pem.encode())
    if not isinstance(key, ec.EllipticCurvePublicKey):  # the settings refuse any other at start
        raise ValueError("Not an ECDSA public key.")
    return key


def signature_valid(body: bytes, key_identifier: str, signature: str) -> bool:
    pem = settings.SECRET_SCANNING_PUBLIC_KEYS.get(key_identifier)
    if pem is None:
        return False
    try:
        der = base64.b64decode(signature, validate=True)
        _public_key(pem).verify(der, body, ec.ECDSA(hashes.SHA256()))
    except (binascii.Error, InvalidSignature, ValueError):
        return False
    return True


def bounded_body(request: HttpRequest) -> bytes:
    """The raw body, refused with 413 past MAX_BODY_BYTES before it is read."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    body = request.body
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLarge()
    return body


class GitHubSignatureAuthentication(BaseAuthentication):
    """Never anonymous: a request without a valid signature is refused here."""

    def authenticate(self, request: Request) -> tuple[None, None]:
        key_identifier = request.META.get("HTTP_GITHUB_PUBLIC_KEY_IDENTIFIER", "")
        signature = request.META.get("HTTP_GITHUB_PUBLIC_KEY_SIGNATURE", "")
        body = bounded_body(request)
        if not key_identifier or not signature:
            raise refused(
                "Sign the report: send Github-Public-Key-Identifier and "
                "Github-Public-Key-Signature."
            )
        if not signature_valid(body, key_identifier, signature):
            raise refused("The signature does not match the report for that key identifier.")
        # No user and no principal: GitHub acts for nobody's workspace, and the
        # request log records the call as it does any unattributed one.
        return None, None


# drf-spectacular's registry hook (__init_subclass__) is unannotated.
class GitHubSignatureScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = GitHubSignatureAuthentication
    name = "githubSignature"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Github-Public-Key-Signature",
            "description": (
                "Base64 DER ECDSA P-256 / SHA-256 signature of the raw body, by the key named "
                "in Github-Public-Key-Identifier (one of SECRET_SCANNING_PUBLIC_KEYS)."
            ),
        }
