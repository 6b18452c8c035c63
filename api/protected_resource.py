"""/v1 as an OAuth 2.0 protected resource (RFC 9728): its identifier and its metadata's URL.

A client that gets a 401 from /v1 finds, in the challenge's `resource_metadata`,
the document that names the authorization server to get a token from and the
scopes it may ask for. The identifier is `<issuer>/v1`: one server is both the
authorization server and the API, published at OAUTH_ISSUER; only in DEBUG, with
that unset, does it follow the request's own origin, as the RFC 8414 metadata does.
"""

from django.conf import settings
from django.http import HttpRequest

from api.paths import API_ROOT

RESOURCE_PATH = API_ROOT
# RFC 9728 section 3.1: the well-known segment goes between the origin and the
# resource's path, so `<issuer>/v1` has its document at `<issuer>/<this>/v1`.
METADATA_PATH = "/.well-known/oauth-protected-resource"


def origin(request: HttpRequest) -> str:
    return settings.OAUTH_ISSUER or request.build_absolute_uri("/").rstrip("/")


def resource_identifier(request: HttpRequest, path: str = RESOURCE_PATH) -> str:
    """The `resource` of the document for `path` ("" for the origin itself)."""
    return origin(request) + path


def metadata_url(request: HttpRequest, path: str = RESOURCE_PATH) -> str:
    return origin(request) + METADATA_PATH + path


def bearer_challenge(request: HttpRequest) -> str:
    """`WWW-Authenticate` of a /v1 401 (RFC 6750's scheme, RFC 9728 section 5.1's parameter)."""
    url = metadata_url(request).replace("\\", "\\\\").replace('"', '\\"')
    return f'Bearer resource_metadata="{url}"'
