"""Discovery and RP-initiated logout, as this server offers OpenID Connect.

DOT's views, with what differs here:

- /.well-known/openid-configuration says what the RFC 8414 document says: the
  same issuer, every scope, the same grant types and client authentication,
  PKCE S256 only, and the device authorization endpoint once that URL exists.
  It offers RS256 alone: HS256 signs with the client secret, which is stored
  hashed here. `prompt` is "none" alone: the consent page answers it
  (`login_required`, `consent_required`); a fresh sign-in on request is not
  offered, and `auth_time` in every ID token lets an app judge for itself.
- /oauth/logout ends the Coherence session, asking first unless the
  id_token_hint names the signed-in user. Apps keep their tokens: signing out
  through one app must not sign the CLI and every other app out too (revoking
  is /oauth/revoke's and Settings > Authorized apps' job; DOT's deletion would
  also be row by row). An app may send the user back to any of its registered
  redirect URIs, since apps register one list of them here.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from oauth2_provider.exceptions import InvalidOIDCClientError, LogoutDenied
from oauth2_provider.models import get_application_model
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import ConnectDiscoveryInfoView, RPInitiatedLogoutView

from oauthapps.models import Application, IDToken

OPTIONAL_ENDPOINTS = {
    "revocation_endpoint": "revoke-token",
    "introspection_endpoint": "introspect",
    "device_authorization_endpoint": "device-authorization",
}


class DiscoveryView(ConnectDiscoveryInfoView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        document = json.loads(super().get(request, *args, **kwargs).content)
        document.update(
            grant_types_supported=_grant_types(),
            token_endpoint_auth_methods_supported=(
                oauth2_settings.OAUTH2_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED
            ),
            id_token_signing_alg_values_supported=["RS256"],
            prompt_values_supported=["none"],
        )
        for key, name in OPTIONAL_ENDPOINTS.items():
            url = self._get_endpoint_url(request, name)  # None while the URL does not exist
            if url is not None:
                document[key] = url
        response = JsonResponse(document)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _grant_types() -> list[str]:
    """As DOT's RFC 8414 view lists them, so the two documents agree."""
    refused: set[str] = set()
    if oauth2_settings.COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT:
        refused.add("implicit")
    if oauth2_settings.COMPLIANT_BCP_RFC9700_PASSWORD_GRANT:
        refused.add("password")
    return [grant for grant in oauth2_settings.OAUTH2_GRANT_TYPES_SUPPORTED if grant not in refused]


class LogoutView(RPInitiatedLogoutView):
    template_name = "oauthapps/logout_confirm.html"

    def get_request_application(
        self, id_token: IDToken | None, client_id: str | None
    ) -> Application | None:
        if not client_id:
            from_token: Application | None = super().get_request_application(id_token, client_id)
            return from_token
        application: Application | None = (
            get_application_model().objects.filter(client_id=client_id).first()
        )
        if application is None:  # DOT's lookup would fail with a 500
            raise InvalidOIDCClientError()
        return application

    def validate_post_logout_redirect_uri(
        self, application: Application | None, post_logout_redirect_uri: str | None
    ) -> None:
        if (
            post_logout_redirect_uri
            and application is not None
            and application.redirect_uri_allowed(post_logout_redirect_uri)
        ):
            return
        super().validate_post_logout_redirect_uri(application, post_logout_redirect_uri)

    def error_response(self, error: Exception) -> HttpResponse:
        if isinstance(error, LogoutDenied):  # "Stay signed in": nothing went wrong
            return redirect("home")
        response: HttpResponse = super().error_response(error)
        return response
