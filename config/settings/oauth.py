"""OAuth 2.0 (django-oauth-toolkit), following RFC 9700's recommendations."""

from config.settings.base import ALLOWED_HOSTS, BASE_DIR, DEBUG, _rate, env
from oauthapps.oidc.keys import inactive_signing_keys, signing_key

# DOT's models are swapped for ones that bind tokens to a workspace (oauthapps.models).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauthapps.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauthapps.AccessToken"  # noqa: S105
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauthapps.RefreshToken"  # noqa: S105
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauthapps.IDToken"  # noqa: S105
OAUTH2_PROVIDER_GRANT_MODEL = "oauthapps.Grant"
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "oauthapps.DeviceGrant"


def _oauth_issuer() -> str:
    """The RFC 8414 `issuer`. Only in DEBUG may it follow the request's Host header."""
    issuer: str = env.str("OAUTH_ISSUER", default="").rstrip("/")
    if issuer or DEBUG:
        return issuer
    return f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""


OAUTH_ISSUER = _oauth_issuer()

# Per client_id at /oauth/token, per signed-in user at /oauth/authorize (oauthapps.oauth.limits).
OAUTH_TOKEN_RATE_LIMIT = _rate("OAUTH_TOKEN_RATE_LIMIT", "60/minute")
OAUTH_AUTHORIZE_RATE_LIMIT = _rate("OAUTH_AUTHORIZE_RATE_LIMIT", "60/minute")

# The device flow (RFC 8628): how long its codes live, and how many wrong user
# codes a signed-in user, and a client address, may enter a minute (oauthapps.device).
OAUTH_DEVICE_CODE_EXPIRE_SECONDS = 600
OAUTH_DEVICE_CODE_GUESSES_PER_USER = _rate("OAUTH_DEVICE_CODE_GUESSES_PER_USER", "5/minute")
OAUTH_DEVICE_CODE_GUESSES_PER_ADDRESS = _rate("OAUTH_DEVICE_CODE_GUESSES_PER_ADDRESS", "20/minute")


def _pkce_required(client_id: str) -> bool:
    from oauthapps.pkce import pkce_required

    return pkce_required(client_id)


def _user_code() -> str:
    from oauthapps.device import new_user_code

    return new_user_code()


# Read like SECRET_KEY: required unless DEBUG, which keeps a generated one beside the project.
_oidc_signing_key = signing_key(
    pem=env.str("OIDC_RSA_PRIVATE_KEY", default=""),
    path=env.str("OIDC_RSA_PRIVATE_KEY_FILE", default=""),
    debug=DEBUG,
    development_path=BASE_DIR / ".oidc-signing-key.pem",
)

OAUTH2_PROVIDER = {
    # oauthapps.oauth.server's flows, plus OpenID Connect's code flow and userinfo.
    "OAUTH2_SERVER_CLASS": "oauthapps.oidc.server.Server",
    "OAUTH2_VALIDATOR_CLASS": "oauthapps.oauth.validator.OAuth2Validator",
    "SCOPES_BACKEND_CLASS": "oauthapps.scopes.ApplicationScopes",
    "SCOPES": {
        # OpenID Connect's: who you are, for "Sign in with Coherence" (oauthapps.oidc.claims).
        "openid": "Sign you in with your Coherence account",
        "profile": "See your name",
        "email": "See your email address and whether it is verified",
        "read": "Read all data you can access",
        "write": "Create and update records",
        "delete": "Delete records",
        "email:read": "Read the emails you send through Coherence",
        "email:send": "Send email on your behalf",
        "users:read": "See your profile and the members of your workspace",
        "admin": "Administer your workspace: its settings, members and audit logs",
        "introspection": "Check whether access tokens are valid (for Coherence's own services)",
    },
    "DEFAULT_SCOPES": ["read"],
    "ACCESS_TOKEN_GENERATOR": "oauthapps.tokens.new_access_token",
    "REFRESH_TOKEN_GENERATOR": "oauthapps.tokens.new_refresh_token",
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    # Idle expiry: a refresh token dies 30 days after its last access token expired.
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "CLIENT_SECRET_HASHER": "hmac_sha256",
    "REQUEST_APPROVAL_PROMPT": "auto",
    # "http" stays for RFC 8252 loopback redirects of native apps only: every
    # other http URI is refused at registration (oauthapps.redirect_uris).
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "ALLOW_LOCALHOST_LOOPBACK": True,
    "ALLOW_URI_WILDCARDS": False,
    # Public clients always; confidential ones when they send a code_challenge.
    "PKCE_REQUIRED": _pkce_required,
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
    ],
    "DEVICE_FLOW_INTERVAL": 5,
    "OAUTH_DEVICE_USER_CODE_GENERATOR": _user_code,
    # DOT's hook finds a device code by its plain text, which is not stored:
    # the validator's validate_device_code sets the user and scopes instead.
    "OAUTH_PRE_TOKEN_VALIDATION": [],
    "OIDC_ISS_ENDPOINT": OAUTH_ISSUER,
    # OpenID Connect (docs/oidc.md): ID tokens signed RS256 by the one active key;
    # the keys it replaced stay in the JWKS while tokens they signed may be about.
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": _oidc_signing_key,
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE": inactive_signing_keys(
        pems=env.str("OIDC_RSA_PRIVATE_KEYS_INACTIVE", default=""),
        paths=env.list("OIDC_RSA_PRIVATE_KEYS_INACTIVE_FILE", default=[]),
        active=_oidc_signing_key,
    ),
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_DELETE_TOKENS": False,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    # Left False on purpose: True turns the loopback "http" above into an error.
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": False,
}

SILENCED_SYSTEM_CHECKS = [
    # W008 flags "http" in ALLOWED_REDIRECT_URI_SCHEMES. It is there for native
    # apps' loopback redirects (RFC 8252 section 7.3, which RFC 9700 section 2.1
    # allows); registration refuses http on any other host.
    "oauth2_provider.W008",
]
