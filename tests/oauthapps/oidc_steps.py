"""Steps the OpenID Connect tests share: the code flow asking for `openid`, and an
ID token read the way a relying party reads it (Authlib, keys from the JWKS the
discovery document names)."""

import base64
import json
import warnings

from authlib.deprecate import AuthlibDeprecationWarning
from django.test import override_settings
from oauth2_provider.settings import oauth2_settings

with warnings.catch_warnings():
    # authlib.jose moves to joserfc in Authlib 2; pyproject keeps Authlib below 2.
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.jose import JsonWebKey, jwt
    from authlib.jose.errors import JoseError  # noqa: F401 (for the tests to catch)
    from authlib.oidc.core import CodeIDToken

DISCOVERY = "/.well-known/openid-configuration"
IDENTITY_SCOPES = "openid email profile"
NONCE = "n-0S6_WzA2Mj"


def id_token_response(flow, user, *, scope=IDENTITY_SCOPES, nonce=NONCE, **params) -> dict:
    """Consent and exchange, asking for `scope`; the token response body."""
    return flow.tokens_for(user, scope=scope, nonce=nonce, **params)


def published_keys(client):
    """The JWKS, found through discovery as a relying party finds it."""
    jwks_uri = client.get(DISCOVERY).json()["jwks_uri"]
    return JsonWebKey.import_key_set(client.get(jwks_uri).json())


def verified_claims(client, id_token, *, client_id, nonce=NONCE, access_token=None) -> dict:
    """The claims, once the signature (JWKS), iss, aud, exp, iat, nonce and, given the
    access token, at_hash have passed Authlib's checks (OpenID Connect Core 3.1.3.7)."""
    issuer = client.get(DISCOVERY).json()["issuer"]
    claims = jwt.decode(
        id_token,
        published_keys(client),
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": issuer}},
        claims_params={"nonce": nonce, "client_id": client_id, "access_token": access_token},
    )
    claims.validate()
    return dict(claims)


def unverified_header(id_token: str) -> dict:
    head = id_token.split(".")[0]
    return json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))


def provider_settings(**changes):
    """override_settings for OAUTH2_PROVIDER with `changes` on top of the real ones."""
    return override_settings(OAUTH2_PROVIDER={**oauth2_settings.user_settings, **changes})
