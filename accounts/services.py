from django.db import transaction

from accounts.models import Membership, User, Workspace


@transaction.atomic
def user_signup(*, email: str, password: str, name: str = "") -> User:
    """A new user with a workspace of their own, which they own."""
    user = User.objects.create_user(email, password=password, name=name)
    workspace_create(owner=user, name=f"{name or user.email.split('@')[0]}'s workspace")
    return user


@transaction.atomic
def workspace_create(*, owner: User, name: str) -> Workspace:
    workspace = Workspace.objects.create(name=name[:100])
    Membership.objects.create(user=owner, workspace=workspace, role=Membership.Role.OWNER)
    return workspace
