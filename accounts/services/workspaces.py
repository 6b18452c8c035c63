"""Users and their workspaces: signup, create, rename, transfer ownership, delete."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.context import AuditContext
from accounts.models import Membership, Role, User, Workspace
from accounts.policy import require_manager, require_owner
from accounts.signals import report

NAME_LENGTH = 100


@transaction.atomic
def user_signup(*, email: str, password: str, name: str = "") -> User:
    """A new user, who gets a workspace of their own (accounts.signals)."""
    return User.objects.create_user(email, password=password, name=name)


@transaction.atomic
def workspace_create(
    *, owner: User, name: str, context: AuditContext | None = None, record: bool = True
) -> Workspace:
    """A workspace `owner` owns. `record=False` for the one every user is created with:
    it is part of making the user, not something anyone did."""
    workspace = Workspace.objects.create(name=_clean_name(name))
    Membership.objects.create(user=owner, workspace=workspace, role=Role.OWNER)
    if not record:
        return workspace
    report(
        "workspace.created",
        actor=owner,
        workspace=workspace,
        target=workspace,
        context=context,
    )
    return workspace


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": "Give the workspace a name."})
    if len(name) > NAME_LENGTH:
        raise ValidationError({"name": f"At most {NAME_LENGTH} characters."})
    return name


@transaction.atomic
def workspace_rename(
    *, workspace: Workspace, actor: User, name: str, context: AuditContext | None = None
) -> Workspace:
    """Owners and admins rename the workspace."""
    require_manager(actor, workspace)
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    new_name = _clean_name(name)
    if new_name == workspace.name:
        return workspace
    old_name, workspace.name = workspace.name, new_name
    workspace.save(update_fields=["name"])
    report(
        "workspace.renamed",
        actor=actor,
        workspace=workspace,
        target=workspace,
        context=context,
        metadata={"changes": {"name": {"from": old_name, "to": new_name}}},
    )
    return workspace


@transaction.atomic
def workspace_transfer(
    *, workspace: Workspace, actor: User, new_owner: User, context: AuditContext | None = None
) -> Membership:
    """The owner hands the workspace to another member; they stay on as an admin."""
    require_owner(actor, workspace)
    memberships = {
        m.user_id: m
        for m in Membership.objects.select_for_update().filter(
            workspace=workspace, user_id__in=[actor.pk, new_owner.pk]
        )
    }
    if new_owner.pk == actor.pk:
        raise ValidationError({"user": "You already own this workspace."})
    target = memberships.get(new_owner.pk)
    if target is None:
        raise ValidationError({"user": "Only a member of the workspace can become its owner."})
    if not new_owner.is_active:
        raise ValidationError({"user": "A deactivated user cannot own a workspace."})
    old = memberships[actor.pk]
    # Demote first: the database allows one owner per workspace at any moment.
    old.role = Role.ADMIN
    old.save(update_fields=["role"])
    previous_role, target.role = target.role, Role.OWNER
    target.save(update_fields=["role"])
    report(
        "workspace.ownership_transferred",
        actor=actor,
        workspace=workspace,
        target=new_owner,
        context=context,
        metadata={"from": actor.email, "to": new_owner.email, "previous_role": previous_role},
    )
    return target


@transaction.atomic
def workspace_delete(
    *, workspace: Workspace, actor: User, confirm: str, context: AuditContext | None = None
) -> None:
    """The owner deletes the workspace and everything in it.

    `confirm` must be the workspace's name, typed. The owner keeps at least one
    workspace: their last one cannot be deleted. Keys, tokens, records and
    memberships go with it (their foreign keys cascade), in this transaction;
    the security events stay, with the workspace named in the deletion event.
    """
    require_owner(actor, workspace)
    workspace = Workspace.objects.select_for_update().get(pk=workspace.pk)
    if confirm.strip() != workspace.name:
        raise ValidationError({"confirm": "Type the workspace's name exactly to delete it."})
    if not Membership.objects.filter(user=actor).exclude(workspace=workspace).exists():
        raise PermissionDenied(
            "This is your only workspace. Create another one before deleting this one."
        )
    report(
        "workspace.deleted",
        actor=actor,
        workspace=None,
        target=workspace,
        context=context,
        metadata={"workspace": workspace.public_id, "name": workspace.name},
    )
    workspace.delete()
