"""The request validator's OpenID Connect half, mixed into oauthapps.oauth.validator's.

- Claims: `sub` is the user's public id, and the rest follow the token's
  scopes (oauthapps.oidc.claims); the ID token and /oauth/userinfo agree.
- Signing: every ID token is signed RS256 with the server's active key. DOT
  signs with the key the app's `algorithm` column names; no page here sets it
  (and HS256 would need the plain client secret, stored hashed here), so the
  request's copy of the app is told RS256, for every app alike, and an app
  that never asks for `openid` never meets any of it.
- Verifying an ID token this server signed (an id_token_hint at logout) uses
  every published key, so one signed before a key rotation still verifies.
- Userinfo takes an access token as /v1 does: only while its user is active
  and still a member of the workspace the token is bound to.
- prompt=none: the consent page decides (it alone sees the session and the
  remembered consent), so the validator's checks let it through.
"""

import hashlib
import json
from typing import TYPE_CHECKING, Any

from jwcrypto import jwk, jws
from oauthlib.common import Request

from oauthapps.models import AccessToken
from oauthapps.oidc.claims import CLAIM_SCOPES, SUPPORTED_CLAIMS, user_claims
from oauthapps.oidc.keys import verification_keys

if TYPE_CHECKING:
    # For the checker, the validator this is mixed into (oauthapps.oauth.validator):
    # its `super()` calls reach DOT's. At run time the mixin stands alone.
    from oauth2_provider.oauth2_validators import OAuth2Validator as ValidatorBase
else:
    ValidatorBase = object


class OpenIDConnectValidatorMixin(ValidatorBase):
    oidc_claim_scope = CLAIM_SCOPES

    def get_claim_dict(self, request: Request) -> dict[str, str | bool]:
        return user_claims(request.user)

    def get_discovery_claims(self, request: Request) -> list[str]:
        return list(SUPPORTED_CLAIMS)

    def finalize_id_token(
        self, id_token: dict[str, Any], token: dict[str, Any], token_handler: Any, request: Request
    ) -> str:
        request.client.algorithm = request.client.RS256_ALGORITHM
        signed: str = super().finalize_id_token(id_token, token, token_handler, request)
        return signed

    def _get_key_for_token(self, token: str) -> jwk.JWKSet | None:
        """The published keys, for a token that names one of our apps as its audience."""
        unverified = jws.JWS()
        unverified.deserialize(token)  # a malformed token raises InvalidJWSObject, as in DOT
        try:
            audience = json.loads(unverified.objects["payload"]).get("aud")
        except (ValueError, AttributeError):
            return None
        if not audience or self._get_client_by_audience(audience) is None:
            return None
        return verification_keys()

    def _load_access_token(self, token: str) -> AccessToken | None:
        """The row with its user, workspace, app and the user's role there, in one query,
        as /v1 reads it (DOT's own lookup leaves the membership to a second one)."""
        return AccessToken.objects.verify(hashlib.sha256(token.encode("utf-8")).hexdigest())

    def validate_bearer_token(self, token: str, scopes: list[str], request: Request) -> bool:
        if not super().validate_bearer_token(token, scopes, request):
            return False
        access_token: AccessToken = request.access_token
        if not access_token.acts_for_someone:
            return False
        access_token.touch()
        return True

    def validate_silent_login(self, request: Request) -> bool:
        return True

    def validate_silent_authorization(self, request: Request) -> bool:
        return True
