"""Members of a workspace: adding, changing roles, removing, leaving.

The rules: owners and admins manage members; nobody but a transfer changes
the owner's role, and the owner cannot be removed or leave (a workspace
always keeps its owner). Someone who leaves or is removed loses, in the same
transaction, the API keys they created in the workspace and the OAuth access
they gave apps for it (receivers of `membership_ended`); someone demoted below
admin loses `admin` on their keys (`membership_role_changed`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.context import AuditContext
from accounts.models import Invitation, Membership, Role, User, Workspace
from accounts.policy import require_manager, require_member
from accounts.signals import membership_ended, membership_role_changed, report

ASSIGNABLE_ROLES = (Role.ADMIN, Role.MEMBER)


def _locked(workspace: Workspace, user: User) -> Membership:
    membership = (
        Membership.objects.select_for_update()
        .select_related("user", "workspace")
        .filter(workspace=workspace, user=user)
        .first()
    )
    if membership is None:
        raise ValidationError({"user": "This person is not a member of the workspace."})
    return membership


def check_assignable_role(role: str) -> str:
    if role == Role.OWNER:
        raise ValidationError(
            {"role": "A workspace has one owner; the owner can transfer ownership instead."}
        )
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError({"role": "Choose admin or member."})
    return role


@transaction.atomic
def member_add(
    *,
    workspace: Workspace,
    user: User,
    role: str,
    actor: User | None,
    context: AuditContext | None = None,
    invitation: Invitation | None = None,
) -> Membership:
    """Add someone: an accepted `invitation`, or staff adding them in the admin."""
    check_assignable_role(role)
    membership, created = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created:
        raise ValidationError({"user": f"{user.email} is already a member of this workspace."})
    report(
        "member.joined",
        actor=actor or user,
        workspace=workspace,
        target=user,
        context=context,
        metadata={
            "role": role,
            "added_by": actor.email if actor else None,
            "invitation": invitation.public_id if invitation else None,
            "invited_by": invitation.invited_by.email
            if invitation and invitation.invited_by
            else None,
        },
    )
    return membership


@transaction.atomic
def member_change_role(
    *, workspace: Workspace, user: User, role: str, actor: User, context: AuditContext | None = None
) -> Membership:
    """Make a member an admin or an admin a member. Owners and admins may."""
    require_manager(actor, workspace)
    check_assignable_role(role)
    membership = _locked(workspace, user)
    if membership.is_owner:
        raise PermissionDenied(
            "The owner's role cannot be changed; the owner can transfer ownership instead."
        )
    if membership.role == role:
        return membership
    old_role, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    report(
        "member.role_changed",
        actor=actor,
        workspace=workspace,
        target=user,
        context=context,
        metadata={"changes": {"role": {"from": old_role, "to": role}}},
    )
    membership_role_changed.send(
        sender=Membership, membership=membership, old_role=old_role, actor=actor, context=context
    )
    return membership


@transaction.atomic
def member_remove(
    *, workspace: Workspace, user: User, actor: User, context: AuditContext | None = None
) -> None:
    """Remove someone from the workspace (owners and admins), or leave it (anyone
    but the owner). Their keys here and their apps' access here end with it."""
    if actor.pk == user.pk:
        require_member(actor, workspace)
    else:
        require_manager(actor, workspace)
    membership = _locked(workspace, user)
    if membership.is_owner:
        raise PermissionDenied(
            "The owner cannot leave or be removed; transfer ownership to someone else first."
        )
    leaving = actor.pk == user.pk
    membership.delete()
    report(
        "member.left" if leaving else "member.removed",
        actor=actor,
        workspace=workspace,
        target=user,
        context=context,
        metadata={"role": membership.role},
    )
    membership_ended.send(
        sender=Membership,
        membership=membership,
        actor=actor,
        reason="member_left" if leaving else "member_removed",
        context=context,
    )
