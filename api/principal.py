"""Who is calling: one shape for every kind of credential.

An authentication class (an API key, an OAuth token) turns a request into a
Principal; permissions, rate limits, views and the request log read only this.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rest_framework.exceptions import NotAuthenticated

if TYPE_CHECKING:
    from rest_framework.request import Request

    # Types only: api never imports apikeys or oauthapps at runtime (they import api).
    from accounts.models import User, Workspace
    from apikeys.models import ApiKey
    from oauthapps.models import AccessToken

# What a request needs, by HTTP method (DESIGN: permissions and scopes).
METHOD_PERMISSIONS = {
    "GET": "read",
    "HEAD": "read",
    "OPTIONS": "read",
    "POST": "write",
    "PUT": "write",
    "PATCH": "write",
    "DELETE": "delete",
}

KEY_PERMISSIONS = ("read", "write", "delete", "admin")

# What each API key permission grants, in the vocabulary OAuth scopes use, so
# that one check serves both. Any valid key may read users (`users:read`).
_KEY_GRANTS = {
    "read": {"read", "email:read"},
    "write": {"write", "email:send"},
    "delete": {"delete"},
    "admin": {"admin", "read", "write", "delete", "email:read", "email:send"},
}


def grants_for_key_permissions(permissions: Iterable[str], *, manages: bool) -> frozenset[str]:
    """What a key grants. `manages`: its creator is an owner or admin of its workspace;
    a key acts as its creator, so without that `admin` grants nothing."""
    granted = {"users:read"}
    for permission in permissions:
        if permission != "admin" or manages:
            granted |= _KEY_GRANTS.get(permission, set())
    return frozenset(granted)


def grants_for_scopes(scopes: Iterable[str], *, manages: bool) -> frozenset[str]:
    """What an access token grants; the `admin` scope only while its user manages
    the token's workspace."""
    granted = set(scopes)
    if "admin" in granted:
        granted |= {"read", "write", "delete"} if manages else set()
        if not manages:
            granted.discard("admin")
    return frozenset(granted)


def rate_identity(kind: str, *ids: object) -> str:
    """The one spelling of a credential's rate-limit bucket.

    An API key is counted as itself (`api_key:<key id>`). OAuth access tokens
    are replaced hourly, so a token is counted as its app and user
    (`oauth:<app id>:<user id>`): refreshing does not start a fresh window.
    """
    return ":".join([kind, *(str(part) for part in ids)])


@dataclass(frozen=True, eq=False)
class Principal:
    user: "User"
    workspace: "Workspace"
    livemode: bool
    grants: frozenset[str]
    credential: "ApiKey | AccessToken | None" = None
    kind: str = "api_key"
    # Requests per minute for this credential; None means the environment's default.
    rate_limit: int | None = None
    # The rate-limit bucket (see rate_identity); by default the credential itself.
    rate_identity: str = ""

    @property
    def rate_key(self) -> str:
        return self.rate_identity or rate_identity(self.kind, getattr(self.credential, "pk", None))

    def allows(self, *needed: str) -> bool:
        """True when any one of `needed` is granted."""
        return any(name in self.grants for name in needed)


def principal_of(request: "Request") -> Principal:
    """The principal of a request a view serves behind HasGrant, which lets in none
    without one; anything else is refused as unauthenticated, never served."""
    principal = request.auth
    if not isinstance(principal, Principal):
        raise NotAuthenticated()
    return principal
