"""Rate limits of the OAuth endpoints, counted by api.ratelimit like every other.

/oauth/token is charged to the client_id a request presents, authenticated or
not (a wrong secret counts too), before any secret is checked, so a flood
costs no hashing; a request naming no client is charged to its address.
/oauth/authorize is charged to the signed-in user: a client stuck in a
redirect loop, or a page that keeps reloading, stops at the limit.
"""

import base64
import binascii
import hashlib
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpRequest

from accounts.client_ip import client_ip
from api.ratelimit import RateLimitState, hit

if TYPE_CHECKING:
    from accounts.models import User


def _digest(value: str) -> str:
    # Client ids are the caller's text: hashed, any length or character makes a safe key.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _basic_client_id(request: HttpRequest) -> str:
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        decoded = base64.b64decode(credentials.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return ""
    return unquote_plus(decoded.partition(":")[0])


def token_request_charge(request: HttpRequest) -> RateLimitState:
    client_id = _basic_client_id(request) or request.POST.get("client_id", "")
    if client_id:
        identity = f"oauth-token:client:{_digest(client_id)}"
    else:
        identity = f"oauth-token:ip:{client_ip(request)}"
    return hit(identity, settings.OAUTH_TOKEN_RATE_LIMIT)


def authorize_request_charge(user: "User") -> RateLimitState:
    return hit(f"oauth-authorize:user:{user.pk}", settings.OAUTH_AUTHORIZE_RATE_LIMIT)
