"""The bodies of the OAuth endpoints, as OpenAPI component schemas.

Field names and meanings are the RFCs' (6749, 7009, 7662, 8414, 8628, 9728) and
OpenID Connect's; the comments say where this server narrows them.
"""

from typing import Any

from api.schema_oauth.objects import (
    JsonObject,
    body,
    boolean,
    document,
    integer,
    string,
    strings,
)

GRANT_AUTHORIZATION_CODE = "authorization_code"
GRANT_REFRESH_TOKEN = "refresh_token"  # noqa: S105 (a grant type's name)
GRANT_DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"


CLIENT_ID = string("The app's client id. With HTTP Basic client authentication, leave it out.")
CLIENT_SECRET = string(
    "A confidential app's secret, when it authenticates in the body (`client_secret_post`) "
    "rather than with HTTP Basic (`client_secret_basic`). Public apps have none."
)
SCOPE = string("Space-separated scopes, e.g. `read write`; see the `oauth2` security scheme.")


def grant(grant_type: str, required: list[str], **properties: Any) -> JsonObject:
    return body(
        ["grant_type", *required],
        grant_type=string("The grant.", enum=[grant_type]),
        **properties,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    )


SCHEMAS = {
    "OAuthError": body(
        ["error"],
        error=string("An RFC 6749 (or RFC 8628) error code, e.g. `invalid_grant`."),
        error_description=string("What went wrong, for the developer (not the end user)."),
    ),
    "TokenRequestAuthorizationCode": grant(
        GRANT_AUTHORIZATION_CODE,
        ["code"],
        code=string("The code from the redirect. Valid for 60 seconds, and once."),
        redirect_uri=string("The `redirect_uri` of the authorization request, exactly."),
        code_verifier=string(
            "PKCE (RFC 7636): the verifier whose S256 hash was the `code_challenge`. "
            "Required whenever the authorization request carried a challenge, which public "
            "apps must always send."
        ),
    ),
    "TokenRequestRefreshToken": grant(
        GRANT_REFRESH_TOKEN,
        ["refresh_token"],
        refresh_token=string(
            "The refresh token (`rt_...`). It is rotated: the answer carries a new one and "
            "this one stops working; presenting a used one again revokes the whole family."
        ),
        scope=string("Optional: fewer scopes than were granted. Never more."),
    ),
    "TokenRequestDeviceCode": grant(
        GRANT_DEVICE_CODE,
        ["device_code"],
        device_code=string("The `device_code` from /oauth/device_authorization (RFC 8628)."),
    ),
    "TokenResponse": body(
        ["access_token", "token_type", "expires_in", "scope"],
        access_token=string("For `Authorization: Bearer <access_token>` on /v1 (`at_...`)."),
        token_type=string("Always `Bearer`.", enum=["Bearer"]),
        expires_in=integer("Seconds the access token lives: 3600."),
        refresh_token=string("Exchanged at this endpoint for a new pair (`rt_...`)."),
        scope=string("The scopes granted, space-separated."),
        id_token=string(
            "OpenID Connect: a JWT (RS256) about the user, when the scope includes `openid`. "
            "Verify it with the keys at the discovery document's `jwks_uri`."
        ),
    ),
    "RevocationRequest": body(
        ["token"],
        token=string("The access token (`at_...`) or refresh token (`rt_...`) to revoke."),
        token_type_hint=string(
            "Which kind `token` is; a wrong hint only costs a lookup.",
            enum=["access_token", "refresh_token"],
        ),
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
    ),
    "IntrospectionRequest": body(
        ["token"],
        token=string("The access token (`at_...`) to look at."),
        token_type_hint=string("Optional; `access_token`.", enum=["access_token"]),
    ),
    "IntrospectionResponse": body(
        ["active"],
        active=boolean("Whether the token is valid now."),
        scope=string("Its scopes, space-separated."),
        client_id=string("The app it was issued to."),
        username=string("Its user's email."),
        sub=string("Its user's id (`usr_...`)."),
        token_type=string("`Bearer`."),
        exp=integer("When it expires (seconds since the epoch)."),
        iat=integer("When it was issued (seconds since the epoch)."),
        workspace=string("The workspace it acts on (`ws_...`)."),
    ),
    "DeviceAuthorizationRequest": body(
        ["client_id"],
        client_id=string("The app's client id; the app must have enabled the device grant."),
        scope=SCOPE,
    ),
    "DeviceAuthorizationResponse": body(
        ["device_code", "user_code", "verification_uri", "expires_in"],
        device_code=string("The device's secret: poll /oauth/token with it."),
        user_code=string("What the user types at `verification_uri`, e.g. `BCDF-GHJK`."),
        verification_uri=string("Where the user goes: this server's /oauth/device."),
        verification_uri_complete=string("`verification_uri` with the code filled in."),
        expires_in=integer("Seconds until both codes expire."),
        interval=integer("Seconds to wait between polls (5); `slow_down` adds 5."),
    ),
    "UserInfo": document(
        ["sub"],
        sub=string("The user's id, `usr_...`."),
        name=string("With `profile`."),
        email=string("With `email`.", format="email"),
        email_verified=boolean("With `email`: whether the address was confirmed."),
    ),
    "AuthorizationServerMetadata": document(
        ["issuer", "authorization_endpoint", "token_endpoint", "response_types_supported"],
        issuer=string("This server's issuer identifier; equals the `iss` on redirects."),
        authorization_endpoint=string("/oauth/authorize"),
        token_endpoint=string("/oauth/token"),
        revocation_endpoint=string("/oauth/revoke"),
        introspection_endpoint=string("/oauth/introspect"),
        device_authorization_endpoint=string("/oauth/device_authorization"),
        scopes_supported=strings("Every scope."),
        response_types_supported=strings("`code`."),
        grant_types_supported=strings("The grant types /oauth/token accepts."),
        code_challenge_methods_supported=strings("`S256`."),
        token_endpoint_auth_methods_supported=strings(
            "`client_secret_basic`, `client_secret_post`."
        ),
    ),
    "OpenIDConfiguration": document(
        ["issuer", "authorization_endpoint", "jwks_uri", "response_types_supported"],
        issuer=string("The same issuer as the RFC 8414 document's."),
        authorization_endpoint=string("/oauth/authorize"),
        token_endpoint=string("/oauth/token"),
        userinfo_endpoint=string("Follow this; do not guess it."),
        jwks_uri=string("The ID tokens' signing keys (JWKS). Follow this; do not guess it."),
        device_authorization_endpoint=string("/oauth/device_authorization"),
        scopes_supported=strings("Every scope, `openid`, `profile` and `email` included."),
        response_types_supported=strings("`code`."),
        id_token_signing_alg_values_supported=strings("`RS256`."),
        subject_types_supported=strings("`public`."),
        claims_supported=strings("The claims ID tokens and userinfo may carry."),
    ),
    "ProtectedResourceMetadata": document(
        ["resource"],
        resource=string(
            "The resource's identifier: the URL this document describes (`<issuer>` for "
            "the origin, `<issuer>/v1` for the API). Check it equals the one you expect."
        ),
        authorization_servers=strings("Issuers whose tokens it accepts: this server's."),
        scopes_supported=strings("The scopes to ask for."),
        bearer_methods_supported=strings(
            "`header` only: `Authorization: Bearer`, never a query parameter."
        ),
        resource_name=string("`Coherence API`."),
        resource_documentation=string("This reference."),
    ),
}
