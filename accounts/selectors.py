from accounts.models import Membership, User, Workspace


def workspace_for_user(user: User) -> Workspace | None:
    """The workspace a signed-in user works in: the first they joined."""
    membership = (
        Membership.objects.filter(user=user).select_related("workspace").order_by("id").first()
    )
    return membership.workspace if membership else None


def membership_for(user: User, workspace: Workspace) -> Membership | None:
    return Membership.objects.filter(user=user, workspace=workspace).first()
