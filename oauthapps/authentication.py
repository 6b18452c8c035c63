import hashlib

from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from accounts.models import User, role_manages
from api.account import charge_if_current
from api.authentication import (
    INVALID_ACCESS_TOKEN,
    TOKEN_EXPIRED,
    BearerAuthenticationMixin,
    accepted,
    bearer_token,
    identified,
    unrecognised,
)
from api.credential_cache import GENERATION, current_generation, revoked_marker, verified
from api.principal import Principal, grants_for_scopes, rate_identity
from oauthapps.models import AccessToken
from oauthapps.scopes import allowed_for
from oauthapps.tokens import ACCESS_TOKEN_PREFIX


class OAuthTokenAuthentication(BearerAuthenticationMixin, BaseAuthentication):
    """`Authorization: Bearer at_...`: an OAuth 2.0 access token.

    A token this process verified before is taken from api.credential_cache
    when neither the credentials generation moved nor the token was marked
    revoked since (both checked in the Redis round trip that charges it): no
    query. Otherwise one indexed query by checksum (the token itself is never
    stored) loads the token with its user, app and workspace, and whether the
    user still belongs to that workspace. An expired token is told apart
    ("Token expired": the client should refresh); anything else unusable,
    unknown included, is "Invalid access token", never the API key's message.
    """

    def authenticate(self, request: Request) -> tuple[User, Principal] | None:
        raw = bearer_token(request)
        if raw is None or not raw.startswith(ACCESS_TOKEN_PREFIX):
            return None
        checksum = hashlib.sha256(raw.encode()).hexdigest()
        cached = verified.get(checksum, AccessToken)
        already_read = None  # the generation, when a failed check read it
        if cached is not None and not cached.credential.is_expired():
            known, principal = cached.credential, _principal(cached.credential)
            marker = revoked_marker("oauth", known.pk)
            found = charge_if_current(request, principal, GENERATION, cached.generation, marker)
            if found.state is not None:
                known.touch()
                return known.user, accepted(request, principal)
            already_read = found.guard_value  # read before the lookup below, as it must be
        if cached is not None:
            verified.drop(checksum)
        generation = current_generation(already_read)
        token = AccessToken.objects.verify(checksum)
        if token is None or not token.acts_for_someone:
            raise unrecognised(request, INVALID_ACCESS_TOKEN)
        if generation is not None and not token.is_expired():
            verified.put(checksum, token, generation)
        principal = _principal(token)
        # An expired token is still its app's and user's: charged before it is refused.
        identified(request, principal)
        if token.is_expired():
            raise AuthenticationFailed(TOKEN_EXPIRED, code="token_expired")
        token.touch()
        return token.user, accepted(request, principal)


def _principal(token: AccessToken) -> Principal:
    workspace = token.workspace
    if workspace is None:  # acts_for_someone refuses such a token before it gets here
        raise AuthenticationFailed(INVALID_ACCESS_TOKEN)
    return Principal(
        user=token.user,
        workspace=workspace,
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
