"""What an ID token and /oauth/userinfo say about the user, and which scope shows it.

The standard claims (OpenID Connect Core section 5.4) for what a Coherence
user has: `sub` with `openid`; `name` with `profile`; `email` and
`email_verified` with `email`. `sub` is the user's public id (`usr_...`, the
`id` of /v1/users/me): stable, never reused, and not the database key, which
would tell how many users there are. A claim without a value (a user who gave
no name) is left out rather than sent empty (section 5.3.2).
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User

CLAIM_SCOPES = {
    "sub": "openid",
    "name": "profile",
    "email": "email",
    "email_verified": "email",
}

# Discovery's `claims_supported`: the user's claims and those every ID token has.
SUPPORTED_CLAIMS = [*CLAIM_SCOPES, "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash"]


def user_claims(user: "User") -> dict[str, str | bool]:
    """Every claim about `user`; the validator keeps those the token's scopes allow."""
    claims: dict[str, str | bool] = {
        "sub": user.public_id,
        "email": user.email,
        "email_verified": user.email_verified_at is not None,
    }
    if user.name:
        claims["name"] = user.name
    return claims
