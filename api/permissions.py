from collections.abc import Iterable
from typing import TYPE_CHECKING

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from api.account import charge_or_throttle
from api.principal import (
    KEY_PERMISSIONS,
    METHOD_PERMISSIONS,
    Principal,
    grants_for_key_permissions,
)

if TYPE_CHECKING:
    # Types only: DRF imports this module while rest_framework.views is still loading.
    from rest_framework.request import Request
    from rest_framework.views import APIView


class HasGrant(BasePermission):
    """The one place that maps a request to the permission (or scope) it needs.

    By default the HTTP method decides (GET needs read, POST write, DELETE
    delete). A view changes that by declaring `required_grants`: a string for
    every method (e.g. "admin"), or a dict from method to a tuple of grants of
    which any one suffices (e.g. {"GET": ("users:read", "read")}).
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        principal = request.auth if isinstance(request.auth, Principal) else None
        # Before the check, so a refusal costs its bucket like a success. Already done
        # in authentication when a credential was presented; a no-op then.
        charge_or_throttle(request, principal)
        if principal is None:
            return False  # unauthenticated: DRF answers 401
        needed = needed_grants(request.method, view)
        if not principal.allows(*needed):
            raise MissingGrant(
                kind=principal.kind,
                needed=needed,
                grants=principal.grants,
                route=f"{request.method} {request.path}",
            )
        return True


def needed_grants(method: str | None, view: "APIView") -> tuple[str, ...]:
    declared = getattr(view, "required_grants", None)
    if isinstance(declared, str):
        return (declared,)
    if isinstance(declared, dict) and method in declared:
        return tuple(declared[method])
    default = METHOD_PERMISSIONS.get(method or "")
    return (default,) if default else ("admin",)


class MissingGrant(PermissionDenied):
    """The credential does not grant what the request needs.

    The message stays the spec's "Insufficient permissions"; `details` names what
    would do (`required`, any one suffices) and what the credential grants
    (`granted`), in the credential's own vocabulary: key permissions for an API
    key, scopes for an OAuth token. `reason` says it in a sentence with the route.
    """

    def __init__(
        self, *, kind: str, needed: Iterable[str], grants: Iterable[str], route: str
    ) -> None:
        super().__init__()
        if kind == "api_key":
            required, granted = key_permissions_for(needed), key_permissions_granted(grants)
        else:
            required, granted = list(needed), _in_order(grants)
        self.details = {"required": required, "granted": granted}
        self.reason = _refusal_sentence(kind, required, route)


# What each key permission grants beyond what any valid key does (api.principal).
_ANY_KEY = grants_for_key_permissions((), manages=True)
_KEY_PERMISSION_GRANTS = {
    permission: grants_for_key_permissions((permission,), manages=True) - _ANY_KEY
    for permission in KEY_PERMISSIONS
}


def key_permissions_for(needed: Iterable[str]) -> list[str]:
    """The key permissions that would give one of `needed`: the narrowest ones, and
    `admin` (which grants everything) only when nothing narrower would do."""
    narrow = [
        permission
        for permission, grants in _KEY_PERMISSION_GRANTS.items()
        if permission != "admin" and grants & set(needed)
    ]
    return narrow or ["admin"]


def key_permissions_granted(grants: Iterable[str]) -> list[str]:
    """The key permissions whose every grant `grants` holds: what the key can do now
    (an `admin` permission its creator may no longer use is not among them)."""
    return [p for p, given in _KEY_PERMISSION_GRANTS.items() if given <= set(grants)]


def _in_order(scopes: Iterable[str]) -> list[str]:
    """Scopes with the four of the method table first, in its order, then the rest."""
    known = [s for s in KEY_PERMISSIONS if s in scopes]
    return known + sorted(set(scopes) - set(KEY_PERMISSIONS))


def _refusal_sentence(kind: str, required: list[str], route: str) -> str:
    """E.g. "This key lacks the write permission: POST /v1/modules/contacts/records
    needs write." """
    holder, word = (
        ("This key", "permission") if kind == "api_key" else ("This access token", "scope")
    )
    if len(required) == 1:
        return f"{holder} lacks the {required[0]} {word}: {route} needs {required[0]}."
    names = ", ".join(required[:-1]) + " and " + required[-1]
    return f"{holder} lacks the {names} {word}s: {route} needs one of them."
