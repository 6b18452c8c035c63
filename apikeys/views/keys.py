"""Creating a key, showing its secret once, its page, and editing it.

A new secret is shown exactly once. The view that creates it parks the raw
key in the session under a random one-time token and redirects; the reveal
page pops it on its first render and sends `Cache-Control: no-store`, so a
reload, the back button or a shared URL finds nothing to show.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from accounts.current import workspace_required
from accounts.one_time import one_time_stash, one_time_take
from accounts.sudo import grants_sensitive_permissions, sudo_required
from apikeys import services
from apikeys.forms import KeyCreateForm, KeyEditForm
from apikeys.models import ApiKey
from apikeys.policy import KeyAction
from apikeys.views.common import (
    annotate,
    key_or_404,
    page,
    policy_of,
    posted,
    refuse,
    run_service,
    workspace_of,
)
from audit.services import AuditContext

SECRETS_SESSION_KEY = "apikeys:secrets"


def stash_secret(request, key: ApiKey, raw: str):
    token = one_time_stash(request, SECRETS_SESSION_KEY, raw=raw, key=key.public_id)
    return redirect("apikeys:reveal", token=token)


@workspace_required
@sudo_required(when=grants_sensitive_permissions)
def key_new(request):
    workspace = workspace_of(request)
    form = KeyCreateForm(posted(request), may_grant_admin=policy_of(request).may_grant_admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = run_service(
            form,
            lambda: services.key_create(
                workspace=workspace,
                actor=request.user,
                name=data["name"],
                livemode=data["environment"] == "live",
                permissions=data["permissions"],
                allowed_ips=data["allowed_ips"],
                expires_at=data["expires_at"],
                rate_limit=data["rate_limit"],
                context=AuditContext.from_request(request),
            ),
        )
        if created:
            key, raw = created
            messages.success(request, f"API key “{key.name}” created.")
            return stash_secret(request, key, raw)
    return page(request, "new.html", form=form)


@never_cache
@workspace_required
def key_reveal(request, token: str):
    entry = one_time_take(request, SECRETS_SESSION_KEY, token)
    key = None
    if entry is not None:
        key = ApiKey.objects.filter(workspace=workspace_of(request), public_id=entry["key"]).first()
    if key is None:
        return page(request, "reveal.html", raw=None)
    return page(
        request,
        "reveal.html",
        key=key,
        raw=entry["raw"],
        rolled_from=key.rolled_from,
        verify_url=request.build_absolute_uri("/v1/users/me"),
    )


@workspace_required
def key_detail(request, public_id: str):
    key = annotate(key_or_404(request, public_id), policy_of(request))
    return page(request, "detail.html", key=key)


@workspace_required
@sudo_required
def key_edit(request, public_id: str):
    key = key_or_404(request, public_id)
    policy = policy_of(request)
    if refusal := refuse(request, key, policy, KeyAction.EDIT):
        return refusal
    form = KeyEditForm(
        posted(request),
        key=key,
        may_grant_admin=policy.allows(KeyAction.EDIT, key, permissions=["admin"]),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = run_service(
            form,
            lambda: services.key_update(
                key=key,
                actor=request.user,
                name=data["name"],
                permissions=data["permissions"],
                allowed_ips=data["allowed_ips"],
                rate_limit=data["rate_limit"],
                expires_at=data["expires_at"],
                context=AuditContext.from_request(request),
            ),
        )
        if updated:
            messages.success(request, f"Saved changes to “{updated.name}”.")
            return redirect("apikeys:detail", public_id=key.public_id)
    return page(request, "edit.html", key=annotate(key, policy), form=form)
