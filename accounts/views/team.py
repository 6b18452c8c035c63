"""Settings > Team: the workspace's members and its pending invitations.

Everyone in the workspace sees the list; owners and admins invite, resend,
revoke, change roles and remove. The page only hides what the viewer may not
do: every POST goes through the services, which refuse it regardless, and a
refusal comes back as a message, never an error page.
"""

from functools import partial
from typing import Protocol

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from accounts.context import AuditContext
from accounts.current import (
    current_membership,
    current_workspace,
    signed_in_user,
    workspace_required,
)
from accounts.forms import ROLE_CHOICES, InvitationForm, RoleForm
from accounts.models import Invitation, Membership, User, Workspace
from accounts.selectors import workspace_members
from accounts.services.invitations import (
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from accounts.services.members import member_change_role, member_remove
from accounts.settings_pages import NOT_ALLOWED, SettingsSection
from accounts.sudo import sudo_required

TEAM = SettingsSection(name="team", templates="accounts")
ROLE_ARTICLES = {"admin": "an admin", "member": "a member"}


def _open_invitations(workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations not yet accepted or revoked, expired ones included (they can be resent)."""
    return (
        Invitation.objects.filter(
            workspace=workspace, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("invited_by")
        .order_by("-created_at", "-id")
    )


def _render_team(
    request: HttpRequest, invite_form: InvitationForm | None = None, status: int = 200
) -> HttpResponse:
    viewer = current_membership(request)
    return TEAM.render(
        request,
        "team.html",
        status=status,
        viewer=viewer,
        workspace=viewer.workspace,
        members=workspace_members(viewer.workspace),
        invitations=_open_invitations(viewer.workspace),
        invite_form=invite_form or InvitationForm(),
        role_choices=ROLE_CHOICES,
    )


class _TeamService(Protocol):
    """A team service given everything but who acts and the request's audit context
    (a `partial` of it)."""

    def __call__(self, *, actor: User, context: AuditContext) -> object: ...


def _act(
    request: HttpRequest, service: _TeamService, success: str, *, done: str = "team"
) -> HttpResponse:
    """Run a team service as the signed-in user, then go back to the page (to `done`
    once it worked) with what happened, or why it was refused, as a message."""
    try:
        service(actor=signed_in_user(request), context=AuditContext.from_request(request))
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        messages.error(request, text or NOT_ALLOWED)
        return redirect("team")
    messages.success(request, success)
    return redirect(done)


def _member(request: HttpRequest, user_id: str) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"),
        workspace=current_workspace(request),
        user__public_id=user_id,
    )


def _invitation(request: HttpRequest, invitation_id: str) -> Invitation:
    return get_object_or_404(
        Invitation, workspace=current_workspace(request), public_id=invitation_id
    )


@workspace_required
def team(request: HttpRequest) -> HttpResponse:
    return _render_team(request)


@workspace_required
@require_POST
@sudo_required
def team_invite(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _render_team(request, invite_form=form, status=400)
    try:
        invitation = invitation_create(
            workspace=current_workspace(request),
            actor=signed_in_user(request),
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            base_url=request.build_absolute_uri("/"),
            context=AuditContext.from_request(request),
        )
    except PermissionDenied as error:
        messages.error(request, str(error))  # the invite form is not on their page
        return redirect("team")
    except ValidationError as error:
        form.add_service_error(error)
        return _render_team(request, invite_form=form, status=400)
    messages.success(request, f"Invited {invitation.email}. The link works for 7 days.")
    return redirect("team")


@workspace_required
@require_POST
@sudo_required
def team_member_role(request: HttpRequest, user_id: str) -> HttpResponse:
    membership = _member(request, user_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose admin or member.")
        return redirect("team")
    role = form.cleaned_data["role"]
    return _act(
        request,
        partial(
            member_change_role, workspace=membership.workspace, user=membership.user, role=role
        ),
        f"{membership.user.get_full_name()} is now {ROLE_ARTICLES[role]}.",
    )


@workspace_required
@require_POST
@sudo_required
def team_member_remove(request: HttpRequest, user_id: str) -> HttpResponse:
    membership = _member(request, user_id)
    return _act(
        request,
        partial(member_remove, workspace=membership.workspace, user=membership.user),
        f"Removed {membership.user.get_full_name()} from the workspace; "
        "their API keys here were revoked.",
    )


@workspace_required
@require_POST
def team_leave(request: HttpRequest) -> HttpResponse:
    workspace = current_workspace(request)
    # Once left, the session's choice no longer holds: WorkspaceChoice falls back to another.
    return _act(
        request,
        partial(member_remove, workspace=workspace, user=signed_in_user(request)),
        f"You left “{workspace.name}”.",
        done="apikeys:list",
    )


@workspace_required
@require_POST
@sudo_required
def team_invitation_resend(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    return _act(
        request,
        partial(
            invitation_resend,
            workspace=invitation.workspace,
            invitation=invitation,
            base_url=request.build_absolute_uri("/"),
        ),
        f"Sent a new invitation to {invitation.email}; the previous link no longer works.",
    )


@workspace_required
@require_POST
def team_invitation_revoke(request: HttpRequest, invitation_id: str) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    return _act(
        request,
        partial(invitation_revoke, workspace=invitation.workspace, invitation=invitation),
        f"Revoked the invitation to {invitation.email}.",
    )
