from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

INVALID_KEY = "Invalid API key provided"


def bearer_token(request) -> str | None:
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
    def authenticate_header(self, request):
        return "Bearer"


class UnclaimedBearerAuthentication(BearerAuthenticationMixin, BaseAuthentication):
    """Last in the chain: an Authorization header no credential kind recognised.

    Each credential kind returns None for tokens that are not its own, so a
    header that reaches this class is malformed or unknown, never anonymous.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is None:
            return None
        if bearer_token(request) is None and not header.strip().lower().startswith("bearer"):
            raise AuthenticationFailed(
                "Send credentials as 'Authorization: Bearer <API key or access token>'."
            )
        raise AuthenticationFailed(INVALID_KEY)
