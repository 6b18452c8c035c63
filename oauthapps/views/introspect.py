"""/oauth/introspect (RFC 7662), for resource servers.

The caller must be an authorized client: a confidential app with its
credentials (HTTP Basic or in the body), or a bearer token holding the
`introspection` scope (first-party apps only). A third-party app learns only
about its own tokens; any other token reads as inactive, as an unknown one
does, so introspection is no oracle for other apps' tokens.
"""

import calendar
import hashlib

from django.http import HttpRequest, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider.views.mixins import OAuthLibMixin
from oauthlib.common import Request as OAuthLibRequest

from api.authentication import bearer_token
from oauthapps.models import AccessToken, Application
from oauthapps.oauth.responses import BASIC_CHALLENGE
from oauthapps.scopes import allowed_for
from oauthapps.tokens import ACCESS_TOKEN_PREFIX

INACTIVE = {"active": False}


def _checksum(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@method_decorator([csrf_exempt, never_cache], name="dispatch")
class IntrospectView(OAuthLibMixin, View):
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> JsonResponse:
        caller = self._caller(request)
        if caller is None:
            response = JsonResponse(
                {"error": "invalid_client", "error_description": "Client authentication failed."},
                status=401,
            )
            response["WWW-Authenticate"] = BASIC_CHALLENGE
            return response
        raw = request.POST.get("token")
        if not raw:
            return JsonResponse(
                {"error": "invalid_request", "error_description": "Token parameter is missing."},
                status=400,
            )
        token = AccessToken.objects.verify(_checksum(raw))
        if token is None or not token.is_valid() or not token.acts_for_someone:
            return JsonResponse(INACTIVE)
        if not caller.first_party and token.application_id != caller.pk:
            return JsonResponse(INACTIVE)
        return JsonResponse(_describe(token))

    def _caller(self, request: HttpRequest) -> Application | None:
        """The application asking, or None when it is not authorized to."""
        raw = bearer_token(request)
        if raw is not None:
            if not raw.startswith(ACCESS_TOKEN_PREFIX):
                return None
            token = AccessToken.objects.verify(_checksum(raw))
            if token is None or not token.is_valid() or token.application is None:
                return None
            allowed = allowed_for(token.application, token.scope.split())
            return token.application if "introspection" in allowed else None
        core = self.get_oauthlib_core()
        uri, method, body, headers = core._extract_params(request)
        oauthlib_request = OAuthLibRequest(uri, method, body, headers)
        if not core.server.request_validator.authenticate_client(oauthlib_request):
            return None
        client: Application = oauthlib_request.client
        return client


def _describe(token: AccessToken) -> dict[str, str | int | bool]:
    workspace = token.workspace
    if workspace is None:  # not so once `acts_for_someone`; said for the checker
        return {**INACTIVE}
    return {
        "active": True,
        "scope": token.scope,
        "client_id": token.application.client_id,
        "username": token.user.email,
        "sub": token.user.public_id,
        "token_type": "Bearer",
        "exp": int(calendar.timegm(token.expires.utctimetuple())),
        "iat": int(calendar.timegm(token.created.utctimetuple())),
        "workspace": workspace.public_id,
    }
