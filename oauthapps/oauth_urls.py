"""/oauth/* and /.well-known/* (RFC 8414, OpenID Connect discovery and its JWKS),
each with or without a slash.

The names live in DOT's `oauth2_provider` namespace, where its metadata view
looks them up to list the endpoints.
"""

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, re_path
from oauth2_provider.views import JwksInfoView, UserInfoView

from oauthapps.oidc.views import DiscoveryView, LogoutView
from oauthapps.views.authorize import ConsentView
from oauthapps.views.device import DeviceAuthorizationView, ServerMetadataView, device
from oauthapps.views.introspect import IntrospectView
from oauthapps.views.resource_metadata import ProtectedResourceMetadataView
from oauthapps.views.token import RevokeTokenView, TokenView

app_name = "oauth2_provider"


def _slash_optional(pattern: str, view: Callable[..., HttpResponseBase], name: str) -> URLPattern:
    """`pattern` (a regular expression) with or without a trailing slash."""
    return re_path(rf"^{pattern}/?$", view, name=name)


urlpatterns = [
    _slash_optional(r"oauth/authorize", ConsentView.as_view(), "authorize"),
    _slash_optional(r"oauth/token", TokenView.as_view(), "token"),
    _slash_optional(r"oauth/revoke", RevokeTokenView.as_view(), "revoke-token"),
    _slash_optional(r"oauth/introspect", IntrospectView.as_view(), "introspect"),
    # RFC 8628: a device asks for codes; a person enters the code on the page.
    _slash_optional(
        r"oauth/device_authorization", DeviceAuthorizationView.as_view(), "device-authorization"
    ),
    _slash_optional(r"oauth/device", device, "device"),
    # OpenID Connect (oauthapps.oidc), under the names DOT's discovery view reverses.
    _slash_optional(r"oauth/userinfo", UserInfoView.as_view(), "user-info"),
    _slash_optional(r"oauth/logout", LogoutView.as_view(), "rp-initiated-logout"),
    _slash_optional(
        r"\.well-known/openid-configuration", DiscoveryView.as_view(), "oidc-connect-discovery-info"
    ),
    _slash_optional(r"\.well-known/jwks\.json", JwksInfoView.as_view(), "jwks-info"),
    _slash_optional(
        r"\.well-known/oauth-authorization-server",
        ServerMetadataView.as_view(),
        "oauth-server-metadata",
    ),
    # RFC 9728: the origin's document, and /v1's (`<issuer>/v1`) at the path-suffixed URL.
    _slash_optional(
        r"\.well-known/oauth-protected-resource(?P<resource_path>/v1)?",
        ProtectedResourceMetadataView.as_view(),
        "oauth-resource-metadata",
    ),
]
