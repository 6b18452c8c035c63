"""Invitations: emailed links to join a workspace, valid for a week, used once.

Owners and admins invite by email with a role (admin or member). The link
carries a random token that is never stored (only its digest); resending
makes a new token, so the old link stops working. The email is sent once the
transaction commits, never while it holds locks.
"""

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.context import AuditContext
from accounts.models import Invitation, Membership, User, Workspace
from accounts.policy import require_manager
from accounts.services.members import check_assignable_role, member_add
from accounts.signals import report

logger = logging.getLogger(__name__)

INVITATION_LIFETIME = timedelta(days=7)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("invitation", args=[token])


def _new_token(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_digest = token_digest(token)
    invitation.sent_at = now
    invitation.expires_at = now + INVITATION_LIFETIME
    return token


def _send(invitation: Invitation, link: str) -> None:
    inviter = invitation.invited_by
    who = (inviter.name or inviter.email) if inviter else "Someone"
    message = EmailMessage(
        subject=f"{who} invited you to {invitation.workspace.name} on Coherence",
        body=(
            f"{who} invited you to join the workspace “{invitation.workspace.name}” on "
            f"Coherence as {invitation.get_role_display().lower()}.\n\n"
            f"Accept the invitation:\n{link}\n\n"
            f"The link works once and until "
            f"{invitation.expires_at:%B %-d, %Y at %H:%M} UTC. If you did not expect it, "
            "ignore this email.\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )

    def send() -> None:
        try:
            message.send()
        except Exception:
            logger.exception("Could not send invitation %s", invitation.public_id)

    transaction.on_commit(send)


def _report(
    action: str,
    invitation: Invitation,
    actor: User,
    context: AuditContext | None,
    **metadata: object,
) -> None:
    """An event about `invitation`, named by the address it invites."""
    report(
        action,
        actor=actor,
        workspace=invitation.workspace,
        target=invitation,
        target_label=invitation.email,
        context=context,
        metadata={"email": invitation.email, **metadata},
    )


@transaction.atomic
def invitation_create(
    *,
    workspace: Workspace,
    actor: User,
    email: str,
    role: str,
    base_url: str,
    context: AuditContext | None = None,
) -> Invitation:
    require_manager(actor, workspace)
    email = User.objects.normalize_email(email)
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": "Enter a valid email address."}) from None
    check_assignable_role(role)
    if Membership.objects.filter(workspace=workspace, user__email=email).exists():
        raise ValidationError({"email": f"{email} is already a member of this workspace."})
    # A stale invitation (expired, never accepted) gives way to the new one.
    Invitation.objects.filter(
        workspace=workspace,
        email=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__lte=timezone.now(),
    ).update(revoked_at=timezone.now())
    invitation = Invitation(workspace=workspace, email=email, role=role, invited_by=actor)
    token = _new_token(invitation)
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise ValidationError(
            {"email": f"{email} has a pending invitation already; resend it instead."}
        ) from None
    _report(
        "member.invited",
        invitation,
        actor,
        context,
        role=role,
        expires_at=invitation.expires_at.isoformat(),
    )
    _send(invitation, invitation_link(base_url, token))
    return invitation


def _pending(workspace: Workspace, invitation: Invitation, manager: User) -> Invitation:
    """The invitation, locked, for one of the workspace's owners or admins to act on."""
    require_manager(manager, workspace)
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("workspace", "invited_by")
        .filter(pk=invitation.pk, workspace=workspace)
        .first()
    )
    if locked is None or locked.accepted_at or locked.revoked_at:
        raise ValidationError("This invitation is no longer pending.")
    return locked


@transaction.atomic
def invitation_resend(
    *,
    workspace: Workspace,
    invitation: Invitation,
    actor: User,
    base_url: str,
    context: AuditContext | None = None,
) -> Invitation:
    """A new link, valid for another week; the old link stops working."""
    invitation = _pending(workspace, invitation, actor)
    invitation.invited_by = actor
    token = _new_token(invitation)
    invitation.save(update_fields=["token_digest", "sent_at", "expires_at", "invited_by"])
    _report(
        "member.invitation_resent",
        invitation,
        actor,
        context,
        expires_at=invitation.expires_at.isoformat(),
    )
    _send(invitation, invitation_link(base_url, token))
    return invitation


@transaction.atomic
def invitation_revoke(
    *,
    workspace: Workspace,
    invitation: Invitation,
    actor: User,
    context: AuditContext | None = None,
) -> Invitation:
    invitation = _pending(workspace, invitation, actor)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _report("member.invitation_revoked", invitation, actor, context)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link names, whatever its state; None for an unknown token."""
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


@transaction.atomic
def invitation_accept(*, token: str, user: User, context: AuditContext | None = None) -> Membership:
    """Join the workspace the link invites to, as the role it names, once.

    The invitation is for one email address: someone signed in under another
    is refused. Claiming it is one UPDATE that only a pending, unexpired row
    matches, so two concurrent accepts make one membership.
    """
    invitation = invitation_for_token(token)
    if invitation is None or invitation.status != "pending":
        raise ValidationError("This invitation link is no longer valid.")
    if User.objects.normalize_email(user.email) != invitation.email:
        raise PermissionDenied(
            f"This invitation is for {invitation.email}. Log out and sign in with that "
            "address to accept it."
        )
    claimed = Invitation.objects.filter(
        pk=invitation.pk,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ValidationError("This invitation link is no longer valid.")
    existing = Membership.objects.filter(workspace=invitation.workspace, user=user).first()
    if existing is not None:
        return existing
    membership = member_add(
        workspace=invitation.workspace,
        user=user,
        role=invitation.role,
        actor=None,
        context=context,
        invitation=invitation,
    )
    return membership
