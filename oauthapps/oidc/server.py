"""The oauthlib server with OpenID Connect's authorization code flow added.

oauthapps.oauth.server.Server holds the flows this server offers; this adds
what OpenID Connect needs on top, the way oauthlib's own OpenID server does: a
code request whose scope holds `openid` goes to the OpenID Connect grant
(same S256-only PKCE), whose token response carries an ID token; a refresh of
such a grant gets a new ID token; and the userinfo endpoint. A request without
`openid` takes exactly the plain OAuth path it took before.
"""

from typing import Any

from oauthlib.oauth2.rfc6749.request_validator import RequestValidator
from oauthlib.openid.connect.core.endpoints.userinfo import UserInfoEndpoint
from oauthlib.openid.connect.core.grant_types import AuthorizationCodeGrant, RefreshTokenGrant
from oauthlib.openid.connect.core.grant_types.dispatchers import (
    AuthorizationCodeGrantDispatcher,
    AuthorizationTokenGrantDispatcher,
)

from oauthapps.oauth.server import S256AuthorizationCodeGrant
from oauthapps.oauth.server import Server as OAuthServer


class S256OpenIDAuthorizationCodeGrant(AuthorizationCodeGrant):
    """oauthlib's OpenID Connect code grant, proxying the S256-only OAuth grant
    instead of the stock one (its __init__, with that one change)."""

    def __init__(self, request_validator: RequestValidator | None = None, **kwargs: Any) -> None:
        self.proxy_target = S256AuthorizationCodeGrant(
            request_validator=request_validator, **kwargs
        )
        self.custom_validators.post_auth.append(self.openid_authorization_validator)
        self.register_token_modifier(self.add_id_token)


class Server(OAuthServer, UserInfoEndpoint):
    def __init__(self, request_validator: RequestValidator, *args: Any, **kwargs: Any) -> None:
        super().__init__(request_validator, *args, **kwargs)
        openid_code = S256OpenIDAuthorizationCodeGrant(request_validator)
        self._response_types["code"] = AuthorizationCodeGrantDispatcher(
            default_grant=self.auth_grant, oidc_grant=openid_code
        )
        self._grant_types["authorization_code"] = AuthorizationTokenGrantDispatcher(
            request_validator, default_grant=self.auth_grant, oidc_grant=openid_code
        )
        self.refresh_grant = RefreshTokenGrant(request_validator)
        self._grant_types["refresh_token"] = self.refresh_grant
        bearer = self.bearer  # UserInfoEndpoint sets one of its own, without the generators
        UserInfoEndpoint.__init__(self, request_validator)
        self.bearer = bearer
