"""/oauth/token and /oauth/revoke: DOT's views with a rate limit and one response shape."""

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from oauth2_provider.signals import app_authorized
from oauth2_provider.views import RevokeTokenView as DOTRevokeTokenView
from oauth2_provider.views import TokenView as DOTTokenView

from oauthapps.models import AccessToken
from oauthapps.oauth.limits import token_request_charge
from oauthapps.oauth.responses import endpoint_response, rate_limited_response


class TokenView(DOTTokenView):
    """/oauth/token. DOT's view answers device-code polls itself, from the grant's status
    and without authenticating the client; here every grant type goes to oauthlib, device
    polls included (oauthapps.oauth.device), which refuses unknown ones with RFC 6749's
    `unsupported_grant_type`."""

    @method_decorator(
        sensitive_post_parameters("client_secret", "code", "refresh_token", "device_code")
    )
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        charge = token_request_charge(request)
        if not charge.allowed:
            return rate_limited_response(charge)
        _url, headers, body, status = self.create_token_response(request)
        if status == 200:
            self._announce(request, json.loads(body).get("access_token"))
        return endpoint_response(headers, body, status)

    def _announce(self, request: HttpRequest, raw_token: str | None) -> None:
        # A concurrent replay may already have revoked the pair just issued
        # (refresh reuse revokes the family): nothing to announce then, and no 500.
        checksum = hashlib.sha256((raw_token or "").encode()).hexdigest()
        token = AccessToken.objects.filter(token_checksum=checksum).first()
        if token is not None:
            app_authorized.send(sender=self, request=request, token=token)


class RevokeTokenView(DOTRevokeTokenView):
    """/oauth/revoke (RFC 7009)."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        _url, headers, body, status = self.create_revocation_response(request)
        return endpoint_response(headers, body, status)
