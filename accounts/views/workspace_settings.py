"""Settings > Workspace: rename it (owners and admins); transfer or delete it (the owner).

Each action posts to its own URL and goes through its service; a refusal
renders the page again with the message on that action's form.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from accounts.context import AuditContext
from accounts.current import current_membership, signed_in_user, workspace_required
from accounts.forms import WorkspaceDeleteForm, WorkspaceRenameForm, WorkspaceTransferForm
from accounts.models import Membership
from accounts.selectors import workspace_members
from accounts.services.workspaces import workspace_delete, workspace_rename, workspace_transfer
from accounts.settings_pages import NOT_ALLOWED, ServiceErrorsForm, SettingsSection
from accounts.sudo import sudo_required

WORKSPACE = SettingsSection(name="workspace", templates="accounts")
WorkspaceForm = WorkspaceRenameForm | WorkspaceTransferForm | WorkspaceDeleteForm
Result = TypeVar("Result")


def _candidates(viewer: Membership) -> list[Membership]:
    """Who could own the workspace instead of its owner: the other active members."""
    return [
        m
        for m in workspace_members(viewer.workspace)
        if m.user_id != viewer.user_id and m.user.is_active
    ]


def _render_settings(
    request: HttpRequest, status: int = 200, **forms: ServiceErrorsForm
) -> HttpResponse:
    viewer = current_membership(request)
    workspace = viewer.workspace
    members = list(workspace_members(workspace))
    return WORKSPACE.render(
        request,
        "workspace_settings.html",
        status=status,
        viewer=viewer,
        workspace=workspace,
        owner=next((m.user for m in members if m.is_owner), None),
        member_count=len(members),
        rename_form=forms.get("rename_form")
        or WorkspaceRenameForm(initial={"name": workspace.name}),
        transfer_form=forms.get("transfer_form")
        or WorkspaceTransferForm(candidates=_candidates(viewer)),
        delete_form=forms.get("delete_form") or WorkspaceDeleteForm(),
    )


def _submit(
    request: HttpRequest,
    form: WorkspaceForm,
    call: Callable[[dict[str, Any]], Result],
    *,
    form_shown: bool,
    success: Callable[[Result], str],
    done: str = "workspace_settings",
) -> HttpResponse:
    """Run the service behind a valid form and redirect with `success(result)`.

    A refusal goes on the form when the viewer's page shows it (the owner's
    only workspace), else into a message (a forged post from someone whose
    page has no such form)."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except PermissionDenied as error:
            if not form_shown:
                messages.error(request, str(error) or NOT_ALLOWED)
                return redirect("workspace_settings")
            form.add_service_error(error)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, success(result))
            return redirect(done)
    return _render_settings(request, status=400, **{form.page_name: form})


@workspace_required
def workspace_settings(request: HttpRequest) -> HttpResponse:
    return _render_settings(request)


@workspace_required
@require_POST
@sudo_required
def workspace_rename_view(request: HttpRequest) -> HttpResponse:
    viewer = current_membership(request)
    return _submit(
        request,
        WorkspaceRenameForm(request.POST),
        lambda data: workspace_rename(
            workspace=viewer.workspace,
            actor=signed_in_user(request),
            name=data["name"],
            context=AuditContext.from_request(request),
        ),
        form_shown=viewer.can_manage,
        success=lambda workspace: f"Renamed the workspace to “{workspace.name}”.",
    )


@workspace_required
@require_POST
@sudo_required
def workspace_transfer_view(request: HttpRequest) -> HttpResponse:
    viewer = current_membership(request)
    candidates = _candidates(viewer)
    users = {m.user.public_id: m.user for m in candidates}
    return _submit(
        request,
        WorkspaceTransferForm(request.POST, candidates=candidates),
        lambda data: workspace_transfer(
            workspace=viewer.workspace,
            actor=signed_in_user(request),
            new_owner=users[data["user"]],
            context=AuditContext.from_request(request),
        ),
        form_shown=viewer.is_owner,
        success=lambda membership: (
            f"{membership.user.get_full_name()} now owns “{viewer.workspace.name}”; "
            "you stay on as an admin."
        ),
    )


@workspace_required
@require_POST
@sudo_required
def workspace_delete_view(request: HttpRequest) -> HttpResponse:
    viewer = current_membership(request)
    workspace = viewer.workspace
    # After it, the session still names the deleted workspace: WorkspaceChoice falls back.
    return _submit(
        request,
        WorkspaceDeleteForm(request.POST),
        lambda data: workspace_delete(
            workspace=workspace,
            actor=signed_in_user(request),
            confirm=data["confirm"],
            context=AuditContext.from_request(request),
        ),
        form_shown=viewer.is_owner,
        success=lambda _: f"Deleted the workspace “{workspace.name}”.",
        done="apikeys:list",
    )
