"""Settings > Authorized apps: the apps this user allowed, and taking that back.

Revoking removes everything the app holds for this user at once (tokens,
codes and the remembered consent) through `authorization_revoke`, which also
writes the audit event.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_http_methods

from accounts.current import current_workspace, signed_in_user, workspace_required
from accounts.settings_pages import SettingsSection
from audit.services import AuditContext
from oauthapps.scopes import describe
from oauthapps.selectors import AuthorizedApp, authorized_apps_for
from oauthapps.services.authorizations import authorization_revoke

AUTHORIZED = SettingsSection(name="authorized", templates="oauthapps")


@dataclass
class DescribedApp(AuthorizedApp):
    """An authorized app as the page shows it: its scopes and last use in words."""

    described_scopes: list[tuple[str, str]] = field(default_factory=list)
    last_used: str = ""


def _with_descriptions(entry: AuthorizedApp) -> DescribedApp:
    return DescribedApp(
        **vars(entry),
        described_scopes=describe(entry.scopes),
        last_used=_last_used(entry.last_used_at),
    )


def _last_used(when: datetime | None) -> str:
    if when is None:
        return "Never used"
    if timezone.now() - when < timedelta(minutes=1):
        return "Last used just now"
    return f"Last used {timesince(when)} ago"


def _authorized_here(request: HttpRequest) -> list[AuthorizedApp]:
    return authorized_apps_for(signed_in_user(request), current_workspace(request))


def _authorized_or_404(request: HttpRequest, pk: int) -> DescribedApp:
    for entry in _authorized_here(request):
        if entry.application.pk == pk:
            return _with_descriptions(entry)
    raise Http404("You have not authorized this app.")


@workspace_required
def authorized_list(request: HttpRequest) -> HttpResponse:
    entries = [_with_descriptions(entry) for entry in _authorized_here(request)]
    return AUTHORIZED.render(request, "connected_list.html", entries=entries)


@workspace_required
@require_http_methods(["GET", "POST"])
def authorized_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _authorized_or_404(request, pk)
    if request.method == "POST":
        user = signed_in_user(request)
        authorization_revoke(
            user=user,
            application=entry.application,
            actor=user,
            workspace=current_workspace(request),
            context=AuditContext.from_request(request),
        )
        messages.success(
            request, f"Revoked access for “{entry.application.name}”. Its tokens no longer work."
        )
        return redirect("oauthapps:authorized")
    return AUTHORIZED.render(request, "connected_revoke.html", entry=entry)
