"""Creating a key, showing its secret once, its page, and editing it.

A new secret is shown exactly once. The view that creates it parks the raw
key under a random one-time token (accounts.one_time) and redirects; the
reveal page takes it on its first render and sends `Cache-Control: no-store`,
so a reload, the back button or a shared URL finds nothing to show.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from accounts.current import current_workspace, signed_in_user, workspace_required
from accounts.one_time import one_time_redirect
from accounts.settings_pages import posted, run_submitted, shown_once
from accounts.sudo import grants_sensitive_permissions, sudo_required
from apikeys import services
from apikeys.forms import KeyCreateForm, KeyEditForm
from apikeys.models import ApiKey
from apikeys.policy import KeyAction
from apikeys.views.common import KEYS, KeyView, key_or_404, policy_of, refuse
from audit.services import AuditContext

SECRETS_SHELF = "apikeys:secrets"  # where a new key's secret waits for its one display
# What the create and edit forms both set, handed to the service as they were cleaned.
KEY_SETTINGS = ("name", "permissions", "allowed_ips", "expires_at", "rate_limit")


def show_secret_once(request: HttpRequest, key: ApiKey, raw: str) -> HttpResponse:
    return one_time_redirect(request, SECRETS_SHELF, "apikeys:reveal", raw=raw, key=key.public_id)


def _settings(form: KeyCreateForm | KeyEditForm) -> dict[str, Any]:
    return {field: form.cleaned_data[field] for field in KEY_SETTINGS}


@workspace_required
@sudo_required(when=grants_sensitive_permissions)
def key_new(request: HttpRequest) -> HttpResponse:
    workspace = current_workspace(request)
    form = KeyCreateForm(posted(request), may_grant_admin=policy_of(request).may_grant_admin)
    created = run_submitted(
        request,
        form,
        lambda: services.key_create(
            workspace=workspace,
            actor=signed_in_user(request),
            livemode=form.cleaned_data["environment"] == "live",
            **_settings(form),
            context=AuditContext.from_request(request),
        ),
    )
    if created:
        key, raw = created
        messages.success(request, f"API key “{key.name}” created.")
        return show_secret_once(request, key, raw)
    return KEYS.render(request, "new.html", form=form)


@never_cache
@workspace_required
def key_reveal(request: HttpRequest, token: str) -> HttpResponse:
    shown = shown_once(
        request,
        SECRETS_SHELF,
        token,
        lambda entry: ApiKey.objects.filter(
            workspace=current_workspace(request), public_id=entry["key"]
        ).first(),
    )
    if shown is None:
        return KEYS.render(request, "reveal.html", raw=None)
    entry, key = shown
    return KEYS.render(
        request,
        "reveal.html",
        key=key,
        raw=entry["raw"],
        rolled_from=key.rolled_from,
        verify_url=request.build_absolute_uri("/v1/users/me"),
    )


@workspace_required
def key_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    key_view = KeyView.of(key_or_404(request, public_id), policy_of(request))
    return KEYS.render(request, "detail.html", key=key_view.key, key_view=key_view)


@workspace_required
@sudo_required
def key_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    key = key_or_404(request, public_id)
    policy = policy_of(request)
    if refusal := refuse(request, key, policy, KeyAction.EDIT):
        return refusal
    form = KeyEditForm(
        posted(request),
        key=key,
        may_grant_admin=policy.allows(KeyAction.EDIT, key, permissions=["admin"]),
    )
    updated = run_submitted(
        request,
        form,
        lambda: services.key_update(
            key=key,
            actor=signed_in_user(request),
            **_settings(form),
            context=AuditContext.from_request(request),
        ),
    )
    if updated:
        messages.success(request, f"Saved changes to “{updated.name}”.")
        return redirect("apikeys:detail", public_id=key.public_id)
    return KEYS.render(request, "edit.html", key=key, form=form)
