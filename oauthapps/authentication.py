import hashlib

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from accounts.models import role_manages
from api.authentication import (
    BearerAuthenticationMixin,
    accepted,
    bearer_token,
    identified,
    unrecognised,
)
from api.principal import Principal, grants_for_scopes, rate_identity
from oauthapps.models import AccessToken
from oauthapps.scopes import allowed_for
from oauthapps.tokens import ACCESS_TOKEN_PREFIX

TOKEN_EXPIRED = "Token expired"  # noqa: S105 (a message)


class OAuthTokenAuthentication(BearerAuthenticationMixin, BaseAuthentication):
    """`Authorization: Bearer at_...`: an OAuth 2.0 access token.

    One indexed query by checksum (the token itself is never stored) loads the
    token with its user, app and workspace, and whether the user still belongs
    to that workspace. An expired token is told apart ("Token expired": the
    client should refresh); anything else unusable is simply invalid.
    """

    def authenticate(self, request):
        raw = bearer_token(request)
        if raw is None or not raw.startswith(ACCESS_TOKEN_PREFIX):
            return None
        token = AccessToken.objects.verify(hashlib.sha256(raw.encode()).hexdigest())
        if token is None or not token.acts_for_someone:
            raise unrecognised(request)
        principal = Principal(
            user=token.user,
            workspace=token.workspace,
            livemode=True,
            # A scope the app may no longer hold (it lost first-party) grants nothing.
            grants=grants_for_scopes(
                allowed_for(token.application, token.scope.split()),
                manages=role_manages(token.member_role),
            ),
            credential=token,
            kind="oauth",
            rate_identity=rate_identity("oauth", token.application_id, token.user_id),
        )
        # An expired token is still its app's and user's: charged before it is refused.
        identified(request, principal)
        if token.is_expired():
            raise AuthenticationFailed(TOKEN_EXPIRED, code="token_expired")
        token.touch()
        return token.user, accepted(request, principal)
