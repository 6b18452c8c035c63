"""Rolling and revoking a key: each asks once, on a page of its own.

The list's Roll and Revoke are links to these pages, so the page is the one
confirmation, with or without JavaScript; its form posts without asking again.
Someone the policy refuses is sent back to the key's page with the reason.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from accounts.current import signed_in_user, workspace_required
from accounts.settings_pages import posted, run_submitted
from accounts.sudo import sudo_required
from apikeys import services
from apikeys.forms import KeyRollForm
from apikeys.models import ApiKey
from apikeys.policy import KeyAction
from apikeys.views.common import KEYS, key_or_404, policy_of, refuse
from apikeys.views.keys import show_secret_once
from audit.services import AuditContext


@workspace_required
@require_http_methods(["GET", "POST"])
@sudo_required
def key_roll(request: HttpRequest, public_id: str) -> HttpResponse:
    key = key_or_404(request, public_id)
    if refusal := refuse(request, key, policy_of(request), KeyAction.ROLL):
        return refusal
    form = KeyRollForm(posted(request))
    rolled = run_submitted(
        request,
        form,
        lambda: services.key_roll(
            key=key,
            actor=signed_in_user(request),
            grace=form.grace_period,
            context=AuditContext.from_request(request),
        ),
    )
    if rolled:
        new_key, raw = rolled
        messages.success(request, _rolled_message(key, form.grace_period))
        return show_secret_once(request, new_key, raw)
    return KEYS.render(request, "roll.html", key=key, form=form)


def _rolled_message(key: ApiKey, grace: timedelta) -> str:
    if not grace:
        return f"Rolled “{key.name}”. The old key has stopped working."
    hours = int(grace.total_seconds() // 3600)
    span = f"{hours // 24} days" if hours >= 48 else f"{hours} hour{'s' if hours != 1 else ''}"
    return f"Rolled “{key.name}”. The old key keeps working for {span}."


@workspace_required
@require_http_methods(["GET", "POST"])
def key_revoke(request: HttpRequest, public_id: str) -> HttpResponse:
    key = key_or_404(request, public_id)
    if refusal := refuse(request, key, policy_of(request), KeyAction.REVOKE):
        return refusal
    if request.method == "GET":
        return KEYS.render(request, "revoke.html", key=key)
    try:
        services.key_revoke(
            key=key, actor=signed_in_user(request), context=AuditContext.from_request(request)
        )
    except (PermissionDenied, ValidationError) as error:
        # The policy said yes a moment ago; the service, under a lock, says no.
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("apikeys:detail", public_id=key.public_id)
    messages.success(request, f"Revoked “{key.name}”. Requests with it now fail.")
    return redirect("apikeys:list")
