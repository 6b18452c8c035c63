from django.db.models import QuerySet

from accounts.models import Membership, Role, User, Workspace


def memberships_of(user: User) -> QuerySet[Membership]:
    """A user's workspaces, as memberships, in the order they joined them."""
    return Membership.objects.filter(user=user).select_related("workspace").order_by("id")


def workspace_for_user(user: User) -> Workspace | None:
    """The workspace a user works in when nothing else says: their own (the first
    they own), else the first they joined."""
    memberships = list(memberships_of(user))
    owned = [m for m in memberships if m.role == Role.OWNER]
    chosen = next(iter(owned or memberships), None)
    return chosen.workspace if chosen else None


def membership_for(user: User | None, workspace: Workspace) -> Membership | None:
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, workspace=workspace).first()


def workspace_members(workspace: Workspace) -> QuerySet[Membership]:
    """The workspace's memberships with their users, owner first, then by joining."""
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("created_at", "id")
    )
