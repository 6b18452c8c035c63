"""/oauth/* and /.well-known/oauth-authorization-server, each with or without a slash.

The names live in DOT's `oauth2_provider` namespace, where its metadata view
looks them up to list the endpoints.
"""

from django.urls import re_path
from oauth2_provider.views import OAuthServerMetadataView

from oauthapps.views.authorize import ConsentView
from oauthapps.views.introspect import IntrospectView
from oauthapps.views.token import RevokeTokenView, TokenView

app_name = "oauth2_provider"

urlpatterns = [
    re_path(r"^oauth/authorize/?$", ConsentView.as_view(), name="authorize"),
    re_path(r"^oauth/token/?$", TokenView.as_view(), name="token"),
    re_path(r"^oauth/revoke/?$", RevokeTokenView.as_view(), name="revoke-token"),
    re_path(r"^oauth/introspect/?$", IntrospectView.as_view(), name="introspect"),
    re_path(
        r"^\.well-known/oauth-authorization-server/?$",
        OAuthServerMetadataView.as_view(),
        name="oauth-server-metadata",
    ),
]
