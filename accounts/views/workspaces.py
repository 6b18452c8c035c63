"""Settings > Workspace: create one, switch between them."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.context import AuditContext
from accounts.current import SESSION_KEY, signed_in_user, workspace_switch
from accounts.services.workspaces import NAME_LENGTH, workspace_create
from accounts.settings_pages import ServiceErrorsForm, posted, run_submitted
from accounts.views.workspace_settings import WORKSPACE


class WorkspaceNameForm(ServiceErrorsForm):
    name = forms.CharField(max_length=NAME_LENGTH, label="Workspace name")


@login_required
def workspace_new(request: HttpRequest) -> HttpResponse:
    form = WorkspaceNameForm(posted(request))
    workspace = run_submitted(
        request,
        form,
        lambda: workspace_create(
            owner=signed_in_user(request),
            name=form.cleaned_data["name"],
            context=AuditContext.from_request(request),
        ),
    )
    if workspace:
        request.session[SESSION_KEY] = workspace.public_id
        messages.success(request, f"Created the workspace “{workspace.name}”.")
        return redirect("apikeys:list")
    return WORKSPACE.render(request, "workspace_new.html", form=form)


@login_required
@require_POST
def workspace_switch_view(request: HttpRequest) -> HttpResponse:
    membership = workspace_switch(request, request.POST.get("workspace", ""))
    if membership is None:
        messages.error(request, "You are not a member of that workspace.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = ""
    return redirect(_same_page_elsewhere(target) or "apikeys:list")


def _same_page_elsewhere(path: str) -> str:
    """The page to show after switching: `path`, unless it is about one object
    (a key, a log line, an app) of the old workspace; then the list above it."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    while path.startswith("/") and path != "/":
        try:
            if not resolve(path).kwargs:
                return path
        except Resolver404:
            pass  # e.g. /settings/api/keys/, between a key and the list
        path = path.rstrip("/").rsplit("/", 1)[0] + "/"
    return ""
