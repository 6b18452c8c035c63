"""/.well-known/oauth-protected-resource[/v1]: RFC 9728 protected-resource metadata.

django-oauth-toolkit's view, with this product's identifiers. Two documents, as
RFC 9728 section 3.1 places them: one for the origin, one for the /v1 API (the
one a /v1 401 points at). Each names as its `resource` exactly the identifier its
URL was built from, which a client must check (section 3.3), and names this server's
issuer, the RFC 8414 metadata's `issuer`, as the authorization server.
"""

from django.http import HttpRequest
from django.urls import reverse
from oauth2_provider.views import OAuthProtectedResourceMetadataView

from api.protected_resource import origin, resource_identifier

RESOURCE_NAME = "Coherence API"


class ProtectedResourceMetadataView(OAuthProtectedResourceMetadataView):
    def get_resource(self, request: HttpRequest) -> str:
        return resource_identifier(request, self.kwargs.get("resource_path") or "")

    def get_resource_name(self) -> str:
        return RESOURCE_NAME

    def get_resource_documentation(self) -> str:
        return origin(self.request) + reverse("api-docs")
