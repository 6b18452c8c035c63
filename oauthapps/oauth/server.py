"""The oauthlib server, built with only the flows this server offers.

oauthlib's pre-configured Server carries every grant (implicit, password,
client credentials, device code); this one has the authorization code grant,
refresh and the device code grant (started at oauthapps.oauth.device's
endpoint, polled here), so anything else is `unsupported_grant_type` or
`unsupported_response_type` whatever an app is registered for. PKCE accepts
S256 only: `plain` (or a challenge without a method, which RFC 7636 reads as
`plain`) is refused when the authorization request arrives.
"""

from collections.abc import Callable
from typing import Any

from oauthlib.common import Request
from oauthlib.oauth2.rfc6749.endpoints import (
    AuthorizationEndpoint,
    IntrospectEndpoint,
    ResourceEndpoint,
    RevocationEndpoint,
    TokenEndpoint,
)
from oauthlib.oauth2.rfc6749.grant_types import AuthorizationCodeGrant, RefreshTokenGrant
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import code_challenge_method_s256
from oauthlib.oauth2.rfc6749.request_validator import RequestValidator
from oauthlib.oauth2.rfc6749.tokens import BearerToken

from oauthapps.oauth.device import DEVICE_CODE_GRANT, DeviceCodeGrant


class S256AuthorizationCodeGrant(AuthorizationCodeGrant):
    _code_challenge_methods = {"S256": code_challenge_method_s256}


class Server(
    AuthorizationEndpoint, IntrospectEndpoint, TokenEndpoint, ResourceEndpoint, RevocationEndpoint
):
    def __init__(
        self,
        request_validator: RequestValidator,
        token_expires_in: int | Callable[[Request], int] | None = None,
        token_generator: Callable[[Request], str] | None = None,
        refresh_token_generator: Callable[[Request], str] | None = None,
        **_device_flow_options: Any,
    ) -> None:
        self.auth_grant = S256AuthorizationCodeGrant(request_validator)
        self.refresh_grant = RefreshTokenGrant(request_validator)
        self.device_code_grant = DeviceCodeGrant(request_validator)
        self.bearer = BearerToken(
            request_validator, token_generator, token_expires_in, refresh_token_generator
        )
        AuthorizationEndpoint.__init__(
            self,
            default_response_type="code",
            response_types={"code": self.auth_grant},
            default_token_type=self.bearer,
        )
        TokenEndpoint.__init__(
            self,
            default_grant_type="authorization_code",
            grant_types={
                "authorization_code": self.auth_grant,
                "refresh_token": self.refresh_grant,
                DEVICE_CODE_GRANT: self.device_code_grant,
            },
            default_token_type=self.bearer,
        )
        ResourceEndpoint.__init__(
            self,
            default_token="Bearer",  # noqa: S106 (a token type)
            token_types={"Bearer": self.bearer},
        )
        RevocationEndpoint.__init__(self, request_validator)
        IntrospectEndpoint.__init__(self, request_validator)
