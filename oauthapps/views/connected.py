"""Settings > Authorized apps: the apps this user allowed, and taking that back.

Revoking removes everything the app holds for this user at once (tokens,
codes and the remembered consent) through `authorization_revoke`, which also
writes the audit event.
"""

from datetime import timedelta

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_http_methods

from accounts.current import current_membership, workspace_required
from audit.services import AuditContext
from oauthapps.scopes import describe
from oauthapps.selectors import authorized_apps_for
from oauthapps.services.authorizations import authorization_revoke


def _page(request, template: str, **context):
    return render(request, f"oauthapps/{template}", {"section": "authorized", **context})


def _with_descriptions(entry):
    entry.described_scopes = describe(entry.scopes)
    entry.last_used = _last_used(entry.last_used_at)
    return entry


def _last_used(when) -> str:
    if when is None:
        return "Never used"
    if timezone.now() - when < timedelta(minutes=1):
        return "Last used just now"
    return f"Last used {timesince(when)} ago"


def _authorized_here(request):
    return authorized_apps_for(request.user, current_membership(request).workspace)


def _authorized_or_404(request, pk: int):
    for entry in _authorized_here(request):
        if entry.application.pk == pk:
            return _with_descriptions(entry)
    raise Http404("You have not authorized this app.")


@workspace_required
def authorized_list(request):
    entries = [_with_descriptions(entry) for entry in _authorized_here(request)]
    return _page(request, "connected_list.html", entries=entries)


@workspace_required
@require_http_methods(["GET", "POST"])
def authorized_revoke(request, pk: int):
    entry = _authorized_or_404(request, pk)
    if request.method == "POST":
        authorization_revoke(
            user=request.user,
            application=entry.application,
            actor=request.user,
            workspace=current_membership(request).workspace,
            context=AuditContext.from_request(request),
        )
        messages.success(
            request, f"Revoked access for “{entry.application.name}”. Its tokens no longer work."
        )
        return redirect("oauthapps:authorized")
    return _page(request, "connected_revoke.html", entry=entry)
