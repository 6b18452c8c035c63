"""/oauth/* and /.well-known/* (RFC 8414, OpenID Connect discovery and its JWKS),
each with or without a slash.

The names live in DOT's `oauth2_provider` namespace, where its metadata view
looks them up to list the endpoints.
"""

from django.urls import re_path
from oauth2_provider.views import JwksInfoView, UserInfoView

from oauthapps.oidc.views import DiscoveryView, LogoutView
from oauthapps.views.authorize import ConsentView
from oauthapps.views.device import DeviceAuthorizationView, ServerMetadataView, device
from oauthapps.views.introspect import IntrospectView
from oauthapps.views.resource_metadata import ProtectedResourceMetadataView
from oauthapps.views.token import RevokeTokenView, TokenView

app_name = "oauth2_provider"

urlpatterns = [
    re_path(r"^oauth/authorize/?$", ConsentView.as_view(), name="authorize"),
    re_path(r"^oauth/token/?$", TokenView.as_view(), name="token"),
    re_path(r"^oauth/revoke/?$", RevokeTokenView.as_view(), name="revoke-token"),
    re_path(r"^oauth/introspect/?$", IntrospectView.as_view(), name="introspect"),
    # RFC 8628: a device asks for codes; a person enters the code on the page.
    re_path(
        r"^oauth/device_authorization/?$",
        DeviceAuthorizationView.as_view(),
        name="device-authorization",
    ),
    re_path(r"^oauth/device/?$", device, name="device"),
    # OpenID Connect (oauthapps.oidc), under the names DOT's discovery view reverses.
    re_path(r"^oauth/userinfo/?$", UserInfoView.as_view(), name="user-info"),
    re_path(r"^oauth/logout/?$", LogoutView.as_view(), name="rp-initiated-logout"),
    re_path(
        r"^\.well-known/openid-configuration/?$",
        DiscoveryView.as_view(),
        name="oidc-connect-discovery-info",
    ),
    re_path(r"^\.well-known/jwks\.json/?$", JwksInfoView.as_view(), name="jwks-info"),
    re_path(
        r"^\.well-known/oauth-authorization-server/?$",
        ServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
    # RFC 9728: the origin's document, and /v1's (`<issuer>/v1`) at the path-suffixed URL.
    re_path(
        r"^\.well-known/oauth-protected-resource(?P<resource_path>/v1)?/?$",
        ProtectedResourceMetadataView.as_view(),
        name="oauth-resource-metadata",
    ),
]
