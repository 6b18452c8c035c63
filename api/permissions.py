from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from api.account import charge_or_throttle
from api.principal import METHOD_PERMISSIONS, Principal


class HasGrant(BasePermission):
    """The one place that maps a request to the permission (or scope) it needs.

    By default the HTTP method decides (GET needs read, POST write, DELETE
    delete). A view changes that by declaring `required_grants`: a string for
    every method (e.g. "admin"), or a dict from method to a tuple of grants of
    which any one suffices (e.g. {"GET": ("users:read", "read")}).
    """

    def has_permission(self, request, view):
        principal = request.auth if isinstance(request.auth, Principal) else None
        # Before the check, so a refusal costs its bucket like a success. Already done
        # in authentication when a credential was presented; a no-op then.
        charge_or_throttle(request, principal)
        if principal is None:
            return False  # unauthenticated: DRF answers 401
        if not principal.allows(*needed_grants(request.method, view)):
            raise PermissionDenied()
        return True


def needed_grants(method: str, view) -> tuple[str, ...]:
    declared = getattr(view, "required_grants", None)
    if isinstance(declared, str):
        return (declared,)
    if isinstance(declared, dict) and method in declared:
        return tuple(declared[method])
    default = METHOD_PERMISSIONS.get(method)
    return (default,) if default else ("admin",)
