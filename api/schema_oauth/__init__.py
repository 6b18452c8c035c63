"""The OAuth 2.0 server in the OpenAPI document: /oauth/*, the metadata documents,
and the `oauth2` security scheme the /v1 operations name with their scopes.

Those endpoints are django-oauth-toolkit's views (and this product's around them),
not DRF's, so drf-spectacular cannot see them. A postprocessing hook
(SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]) adds them as paths.py writes them,
at their published paths: api never imports oauthapps, whose URLconf serves them.
The scopes are read from OAUTH2_PROVIDER["SCOPES"] each time the document is made,
so a scope added there is documented at once, in the words the consent page uses.
"""

import copy
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from api.schema_oauth.components import GRANT_DEVICE_CODE, SCHEMAS
from api.schema_oauth.objects import TAG, JsonObject
from api.schema_oauth.paths import CLIENT_BASIC, OAUTH2, PATHS

TAG_DESCRIPTION = (
    "Sign in with Coherence: the authorization server third-party apps, CLIs and devices "
    "get access tokens from, and the metadata documents that describe it. Errors here "
    'have RFC 6749\'s shape, `{"error": "invalid_grant", "error_description": ...}`.'
)

OAUTH2_DESCRIPTION = (
    "An access token (`at_...`, one hour) an app got for a user: the authorization code "
    "flow with PKCE (S256, required of public apps); refresh tokens (`rt_...`) rotate on "
    "every use. Each operation lists the scopes that suffice, any one of them; `admin` also "
    "grants `read`, `write` and `delete` while the user is an owner or admin of the token's "
    "workspace. `admin` and `introspection` are for first-party apps only.\n\n"
    "CLIs and devices without a browser use the device flow (RFC 8628): POST "
    "/oauth/device_authorization, show the user the code, then poll /oauth/token with "
    f"`grant_type={GRANT_DEVICE_CODE}`. It yields the same tokens, with the same scopes."
)

CLIENT_BASIC_SCHEME = {
    "type": "http",
    "scheme": "basic",
    "description": "An app's `client_id` and `client_secret` (RFC 6749 section 2.3.1), "
    "for the token, revocation, introspection and device endpoints.",
}


def configured_scopes() -> dict[str, str]:
    """OAUTH2_PROVIDER["SCOPES"]: each scope's name and the words the consent page shows."""
    scopes = settings.OAUTH2_PROVIDER["SCOPES"]
    if not isinstance(scopes, dict):
        raise ImproperlyConfigured('OAUTH2_PROVIDER["SCOPES"] maps scope names to descriptions.')
    return {str(name): str(description) for name, description in scopes.items()}


def oauth2_scheme() -> JsonObject:
    scopes = configured_scopes()
    endpoints = {"tokenUrl": "/oauth/token", "refreshUrl": "/oauth/token", "scopes": scopes}
    return {
        "type": "oauth2",
        "description": OAUTH2_DESCRIPTION,
        "flows": {"authorizationCode": {"authorizationUrl": "/oauth/authorize", **endpoints}},
        # OpenAPI 3.0 has no flow object for RFC 8628's device grant (3.2 adds
        # `deviceAuthorization`). This extension is 3.2's object, for tools that read
        # it; the description says the same in words for those that do not.
        "x-deviceAuthorization": {
            "deviceAuthorizationUrl": "/oauth/device_authorization",
            **endpoints,
        },
    }


def document_oauth(
    result: JsonObject, generator: object, request: object, public: bool, **kwargs: Any
) -> JsonObject:
    result["paths"].update(copy.deepcopy(PATHS))
    components = result.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    schemas.update(copy.deepcopy(SCHEMAS))
    components["schemas"] = dict(sorted(schemas.items()))
    schemes = components.setdefault("securitySchemes", {})
    schemes[OAUTH2] = oauth2_scheme()
    schemes[CLIENT_BASIC] = CLIENT_BASIC_SCHEME
    # Listed first: how to get a token comes before what to do with it.
    result["tags"] = [{"name": TAG, "description": TAG_DESCRIPTION}, *result.get("tags", [])]
    return result
