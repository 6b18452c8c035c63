from typing import TYPE_CHECKING

from django.http import HttpRequest
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from api.account import account_of, charge_or_throttle
from api.principal import Principal
from api.protected_resource import bearer_challenge

if TYPE_CHECKING:
    # Types only: DRF imports this module while loading its own settings.
    from rest_framework.request import Request

# The refusals /v1 documents (api.schema). Each credential kind names its own, so a
# client is not sent looking for a key it never used; the spec's "Invalid API key
# provided" answers keys and anything malformed.
INVALID_KEY = "Invalid API key provided"
INVALID_ACCESS_TOKEN = "Invalid access token"  # noqa: S105 (a message)
TOKEN_EXPIRED = "Token expired"  # noqa: S105 (a message)


def identified(request: HttpRequest, principal: Principal) -> None:
    """A credential was recognised: name it on the account and charge it, before
    anything (its address, its expiry, a permission) may refuse it."""
    account = account_of(request)
    if account is not None:
        account.attempted = principal
    charge_or_throttle(request, principal)


def accepted(request: HttpRequest, principal: Principal) -> Principal:
    """The credential passed every check of its own: the request acts as it."""
    account = account_of(request)
    if account is not None:
        account.principal = principal
    return principal


def unrecognised(request: HttpRequest, message: str = INVALID_KEY) -> AuthenticationFailed:
    """The refusal of a credential nobody recognised, charged to the client address
    first: past that bucket's limit, the answer is 429 instead."""
    charge_or_throttle(request, None)
    return AuthenticationFailed(message)


def bearer_token(request: HttpRequest) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (scheme in any case).

    Credentials come from this header only, never from a query parameter, where
    they would end up in logs and browser history.
    """
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


class BearerAuthenticationMixin:
    def authenticate_header(self, request: "Request") -> str:
        # Every /v1 401 points at the resource's RFC 9728 metadata.
        return bearer_challenge(request)


class UnclaimedBearerAuthentication(BearerAuthenticationMixin, BaseAuthentication):
    """Last in the chain: an Authorization header no credential kind recognised.

    Each credential kind returns None for tokens that are not its own, so a
    header that reaches this class is malformed or unknown, never anonymous.
    """

    def authenticate(self, request: "Request") -> None:
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        if bearer_token(request) is None and not header.strip().lower().startswith("bearer"):
            raise unrecognised(
                request, "Send credentials as 'Authorization: Bearer <API key or access token>'."
            )
        raise unrecognised(request)
