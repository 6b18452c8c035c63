"""The OAuth endpoints and the metadata documents, as OpenAPI path items.

Their errors keep RFC 6749's shape, `{"error": ..., "error_description": ...}`,
which OAuth client libraries parse; the /v1 envelope is not theirs.
"""

from api.schema_oauth.components import (
    GRANT_AUTHORIZATION_CODE,
    GRANT_DEVICE_CODE,
    GRANT_REFRESH_TOKEN,
)
from api.schema_oauth.objects import (
    JsonObject,
    form,
    header,
    json_response,
    oauth_errors,
    operation,
    query,
    ref,
)

OAUTH2 = "oauth2"
CLIENT_BASIC = "clientBasic"
HTML = {"text/html": {"schema": {"type": "string"}}}

# Who may call: a confidential app with HTTP Basic, or in the body (or a public
# app, with its client_id only): `{}` is OpenAPI's "no scheme needed".
APP: list[dict[str, list[str]]] = [{CLIENT_BASIC: []}, {}]
ANYONE: list[dict[str, list[str]]] = []

TOKEN_ERRORS = {
    "invalid_request": "A parameter is missing, repeated or malformed, e.g. no `code_verifier`.",
    "invalid_grant": "The code, refresh token or device code is invalid, expired, used, or "
    "another app's or redirect URI's. A used refresh token presented again revokes its family.",
    "unauthorized_client": "This app may not use this grant type.",
    "unsupported_grant_type": "Not a grant type this server offers.",
    "invalid_scope": "An unknown scope, or more than was granted.",
    "authorization_pending": "Device flow: the user has not answered yet; poll after `interval`.",
    "slow_down": "Device flow: polled too often; wait 5 seconds longer from now on.",
    "expired_token": "Device flow: the device code expired; start again.",
    "access_denied": "Device flow: the user denied the request.",
}
INVALID_CLIENT = {"invalid_client": "Unknown app, wrong secret, or a confidential app sent none."}


BASIC_CHALLENGE = {"WWW-Authenticate": header('`Basic realm="oauth"`: authenticate the app.')}
RETRY_AFTER = {"Retry-After": header("Seconds to wait before trying again.", "integer")}
# /oauth/token and /oauth/device_authorization share one budget per app.
TOO_MANY = oauth_errors(
    "Too many requests by this app (OAUTH_TOKEN_RATE_LIMIT).",
    {"temporarily_unavailable": "Retry after Retry-After seconds."},
    RETRY_AFTER,
)


AUTHORIZE = operation(
    "oauth_authorize",
    "Ask the user to authorize an app (authorization code flow, PKCE)",
    "Send the user's browser here. Once signed in, they see the app, its developer, each "
    "scope in plain words and the workspace the token will act on, and allow or deny. The "
    "answer goes back to `redirect_uri`, always with `iss` (RFC 9207): `code` and `state` "
    "when allowed; `error` (`access_denied`, `invalid_scope`, `invalid_request`, "
    "`unsupported_response_type`...), `error_description` and `state` otherwise. An unknown "
    "`client_id` or a `redirect_uri` not registered exactly is never redirected to.",
    {
        "302": {
            "description": "Back to `redirect_uri` with `code`, `state`, `iss`, or with "
            "`error`, `state`, `iss`; or to sign-in first.",
            "headers": {"Location": header("Where the browser goes next.")},
        },
        "200": {"description": "The consent page.", "content": HTML},
        "400": {"description": "Unknown client or redirect URI: an error page.", "content": HTML},
        "429": {"description": "Too many requests by this user.", "content": HTML},
    },
    parameters=[
        query("response_type", "`code`.", required=True, enum=["code"]),
        query("client_id", "The app's client id.", required=True),
        query("redirect_uri", "One of the app's registered redirect URIs, exactly."),
        query("scope", "Space-separated scopes; `read` when left out."),
        query("state", "Anything; comes back unchanged. Use it against CSRF."),
        query("code_challenge", "PKCE: BASE64URL(SHA256(code_verifier)). Public apps must."),
        query("code_challenge_method", "PKCE: `S256` only.", enum=["S256"]),
        query("nonce", "OpenID Connect: echoed in the ID token."),
        query(
            "prompt",
            "OpenID Connect: space-separated; the discovery document's "
            "`prompt_values_supported` lists the values this server knows.",
        ),
    ],
    security=ANYONE,
)

TOKEN = operation(
    "oauth_token",
    "Exchange a code, refresh token or device code for tokens",
    "Form-encoded. A confidential app authenticates with HTTP Basic (or `client_id` and "
    "`client_secret` in the body); a public app sends its `client_id` and PKCE's "
    "`code_verifier`. Limited per app (429 with Retry-After).",
    {
        "200": json_response(
            "Tokens. `id_token` only when the scope includes `openid`.",
            "TokenResponse",
            {
                "tokens": {
                    "access_token": "at_abc123...",
                    "refresh_token": "rt_xyz789...",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "scope": "read write",
                }
            },
        ),
        "400": oauth_errors("Refused (RFC 6749 section 5.2, RFC 8628 section 3.5).", TOKEN_ERRORS),
        "401": oauth_errors("The app did not authenticate.", INVALID_CLIENT, BASIC_CHALLENGE),
        "429": TOO_MANY,
    },
    requestBody=form(
        {
            "oneOf": [
                ref("TokenRequestAuthorizationCode"),
                ref("TokenRequestRefreshToken"),
                ref("TokenRequestDeviceCode"),
            ],
            "discriminator": {
                "propertyName": "grant_type",
                "mapping": {
                    GRANT_AUTHORIZATION_CODE: "#/components/schemas/TokenRequestAuthorizationCode",
                    GRANT_REFRESH_TOKEN: "#/components/schemas/TokenRequestRefreshToken",
                    GRANT_DEVICE_CODE: "#/components/schemas/TokenRequestDeviceCode",
                },
            },
        },
        {
            GRANT_AUTHORIZATION_CODE: {
                "grant_type": GRANT_AUTHORIZATION_CODE,
                "code": "AUTHORIZATION_CODE",
                "redirect_uri": "https://yourapp.com/callback",
                "code_verifier": "YOUR_PKCE_VERIFIER",
            },
            GRANT_REFRESH_TOKEN: {"grant_type": GRANT_REFRESH_TOKEN, "refresh_token": "rt_..."},
            "device_code": {"grant_type": GRANT_DEVICE_CODE, "device_code": "DEVICE_CODE"},
        },
    ),
    security=APP,
)

REVOKE = operation(
    "oauth_revoke",
    "Revoke an access or refresh token (RFC 7009)",
    "Revoking a refresh token revokes its access token too. An unknown or already revoked "
    "token is not an error: the answer is 200 all the same, so it reveals nothing.",
    {
        "200": {"description": "Revoked, or was not valid anyway. No body."},
        "400": oauth_errors(
            "Refused.",
            {
                "invalid_request": "No `token`.",
                "unsupported_token_type": "A `token_type_hint` this server cannot revoke.",
            },
        ),
        "401": oauth_errors("The app did not authenticate.", INVALID_CLIENT, BASIC_CHALLENGE),
    },
    requestBody=form(ref("RevocationRequest")),
    security=APP,
)

INTROSPECT = operation(
    "oauth_introspect",
    "Look up an access token (RFC 7662), for resource servers",
    "The caller is a confidential app (HTTP Basic or body credentials), or holds a token "
    "with the `introspection` scope (first-party apps only). An app learns only about its "
    'own tokens: anyone else\'s, like an unknown one, is `{"active": false}`.',
    {
        "200": json_response(
            "What the token is; only `active` when it is not.",
            "IntrospectionResponse",
            {"inactive": {"active": False}},
        ),
        "400": oauth_errors("Refused.", {"invalid_request": "No `token`."}),
        "401": oauth_errors(
            "The caller is not an authorized app.", INVALID_CLIENT, BASIC_CHALLENGE
        ),
    },
    requestBody=form(ref("IntrospectionRequest")),
    security=[{CLIENT_BASIC: []}, {OAUTH2: ["introspection"]}],
)

DEVICE_AUTHORIZATION = operation(
    "oauth_device_authorization",
    "Start the device flow (RFC 8628), for CLIs and devices without a browser",
    "Show the user `user_code` and `verification_uri` (this server's /oauth/device), where "
    "they sign in, enter the code and allow or deny. Meanwhile poll /oauth/token with "
    f"`grant_type={GRANT_DEVICE_CODE}` and the `device_code`, every `interval` seconds, "
    "until it answers with tokens or an error other than `authorization_pending` and "
    "`slow_down`. Only apps that enabled the device grant may start it.",
    {
        "200": json_response("The codes.", "DeviceAuthorizationResponse"),
        "400": oauth_errors(
            "Refused.",
            {
                "invalid_request": "No `client_id`, or a malformed parameter.",
                "invalid_scope": "An unknown scope, or one this app may not have.",
                "unauthorized_client": "This app has not enabled the device grant.",
            },
        ),
        "401": oauth_errors("The app did not authenticate.", INVALID_CLIENT, BASIC_CHALLENGE),
        "429": TOO_MANY,
    },
    requestBody=form(ref("DeviceAuthorizationRequest")),
    security=APP,
)


def userinfo(operation_id: str) -> JsonObject:
    return operation(
        operation_id,
        "The signed-in user's claims (OpenID Connect userinfo)",
        "With an access token that has `openid`: `sub` always, `name` with `profile`, "
        "`email` and `email_verified` with `email`, as in the ID token.",
        {
            "200": json_response("The claims.", "UserInfo"),
            "401": {
                "description": "No valid access token.",
                "headers": {"WWW-Authenticate": header('`Bearer error="invalid_token"`.')},
            },
            "403": {"description": "The token lacks `openid` (`insufficient_scope`)."},
        },
        security=[{OAUTH2: ["openid"]}],
    )


def metadata(operation_id: str, summary: str, description: str, schema: str) -> JsonObject:
    return operation(
        operation_id,
        summary,
        description,
        {"200": json_response("The document.", schema)},
        security=ANYONE,
    )


PROTECTED_RESOURCE = (
    "RFC 9728: who issues tokens for this resource and which scopes to ask for. A /v1 "
    "401 names the `/v1` document in its `WWW-Authenticate` (`resource_metadata`)."
)

PATHS = {
    "/oauth/authorize": {"get": AUTHORIZE},
    "/oauth/token": {"post": TOKEN},
    "/oauth/revoke": {"post": REVOKE},
    "/oauth/introspect": {"post": INTROSPECT},
    "/oauth/device_authorization": {"post": DEVICE_AUTHORIZATION},
    "/oauth/userinfo": {"get": userinfo("oauth_userinfo"), "post": userinfo("oauth_userinfo_post")},
    "/.well-known/oauth-authorization-server": {
        "get": metadata(
            "oauth_authorization_server_metadata",
            "Authorization server metadata (RFC 8414)",
            "The endpoints, scopes, grant types and PKCE methods this server supports.",
            "AuthorizationServerMetadata",
        )
    },
    "/.well-known/openid-configuration": {
        "get": metadata(
            "openid_configuration",
            "OpenID Connect discovery",
            "Where the userinfo endpoint and the ID tokens' signing keys (`jwks_uri`) are.",
            "OpenIDConfiguration",
        )
    },
    "/.well-known/oauth-protected-resource": {
        "get": metadata(
            "oauth_protected_resource_metadata",
            "Protected resource metadata of the origin (RFC 9728)",
            PROTECTED_RESOURCE,
            "ProtectedResourceMetadata",
        )
    },
    "/.well-known/oauth-protected-resource/v1": {
        "get": metadata(
            "oauth_protected_resource_metadata_v1",
            "Protected resource metadata of the /v1 API (RFC 9728)",
            PROTECTED_RESOURCE,
            "ProtectedResourceMetadata",
        )
    },
}
