"""Who may manage a workspace: the spec's Admin permission, "Manage settings and users".

Owners and admins manage the workspace's settings, its members and its
invitations; only the owner transfers or deletes it. The rules for API keys
build on these (apikeys.policy). Staff holding `accounts.change_membership`
manage members from the admin without belonging to the workspace.
"""

from django.core.exceptions import PermissionDenied

from accounts.models import Membership, User, Workspace
from accounts.selectors import membership_for

STAFF_PERMISSION = "accounts.change_membership"
NOT_A_MEMBER = "You are not a member of this workspace."
MANAGERS_ONLY = "Only the workspace's owners and admins can do that."
OWNER_ONLY = "Only the workspace's owner can do that."


def require_member(user: User | None, workspace: Workspace) -> Membership:
    membership = membership_for(user, workspace)
    if membership is None:
        raise PermissionDenied(NOT_A_MEMBER)
    return membership


def require_manager(user: User | None, workspace: Workspace) -> Membership | None:
    """The manager's membership; None for staff acting from the admin, who need not
    be members (the events name them all the same)."""
    staff = user is not None and user.is_active and user.is_staff
    if staff and user is not None and user.has_perm(STAFF_PERMISSION):
        return membership_for(user, workspace)
    membership = require_member(user, workspace)
    if not membership.can_manage:
        raise PermissionDenied(MANAGERS_ONLY)
    return membership


def require_owner(user: User | None, workspace: Workspace) -> Membership:
    membership = require_member(user, workspace)
    if not membership.is_owner:
        raise PermissionDenied(OWNER_ONLY)
    return membership
