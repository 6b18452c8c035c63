"""Settings > API: list, create, edit, roll and revoke the workspace's keys.

A new secret is shown exactly once. The view that creates it parks the raw
key in the session under a random one-time token and redirects; the reveal
page pops it on its first render and sends `Cache-Control: no-store`, so a
reload, the back button or a shared URL finds nothing to show.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timesince import timeuntil
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.current import current_membership, workspace_required
from accounts.one_time import one_time_stash, one_time_take
from apikeys import services
from apikeys.forms import KeyCreateForm, KeyRollForm, KeySettingsForm
from apikeys.models import ApiKey
from apikeys.policy import KeyAction, KeyPolicy
from audit.services import AuditContext

SECRETS_SESSION_KEY = "apikeys:secrets"


def _workspace(request):
    return current_membership(request).workspace


def _policy(request) -> KeyPolicy:
    membership = current_membership(request)
    return KeyPolicy.of(request.user, membership.workspace, membership)


def _key_or_404(request, public_id: str) -> ApiKey:
    return get_object_or_404(
        ApiKey.objects.select_related("created_by", "revoked_by", "rolled_from", "rolled_to"),
        workspace=_workspace(request),
        public_id=public_id,
    )


def _annotate(key: ApiKey) -> ApiKey:
    """What the pages say about a rolled key: its replacement and how long it has left."""
    key.replacement = getattr(key, "rolled_to", None)
    key.time_left = timeuntil(key.expires_at, depth=1) if key.in_grace else ""
    return key


def _run_service(form, call):
    """The service's result, or None with its refusal shown on the form."""
    try:
        return call()
    except ValidationError as error:
        form.add_service_error(error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "You may not do that in this workspace.")
    return None


def _stash_secret(request, key: ApiKey, raw: str):
    token = one_time_stash(request, SECRETS_SESSION_KEY, raw=raw, key=key.public_id)
    return redirect("apikeys:reveal", token=token)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _page(request, template: str, **context):
    return render(request, f"apikeys/{template}", {"section": "keys", **context})


@workspace_required
def key_list(request):
    keys = [
        _annotate(key)
        for key in ApiKey.objects.filter(workspace=_workspace(request)).select_related(
            "created_by", "revoked_by", "rolled_to"
        )
    ]
    return _page(
        request,
        "list.html",
        keys=[key for key in keys if not key.is_revoked],
        revoked=[key for key in keys if key.is_revoked],
    )


@workspace_required
def key_new(request):
    workspace = _workspace(request)
    form = KeyCreateForm(_posted(request), may_grant_admin=_policy(request).may_grant_admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _run_service(
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
            return _stash_secret(request, key, raw)
    return _page(request, "new.html", form=form)


@never_cache
@workspace_required
def key_reveal(request, token: str):
    entry = one_time_take(request, SECRETS_SESSION_KEY, token)
    key = None
    if entry is not None:
        key = ApiKey.objects.filter(workspace=_workspace(request), public_id=entry["key"]).first()
    if key is None:
        return _page(request, "reveal.html", raw=None)
    return _page(
        request,
        "reveal.html",
        key=key,
        raw=entry["raw"],
        rolled_from=key.rolled_from,
        verify_url=request.build_absolute_uri("/v1/users/me"),
    )


@workspace_required
def key_detail(request, public_id: str):
    key = _annotate(_key_or_404(request, public_id))
    can_roll = key.status == "active" and key.replacement is None
    return _page(request, "detail.html", key=key, can_roll=can_roll)


def _refuse_if_revoked(request, key: ApiKey):
    if key.is_revoked:
        messages.info(request, f"“{key.name}” is revoked and can no longer be changed.")
        return redirect("apikeys:detail", public_id=key.public_id)
    return None


@workspace_required
def key_edit(request, public_id: str):
    key = _key_or_404(request, public_id)
    if refusal := _refuse_if_revoked(request, key):
        return refusal
    policy = _policy(request)
    if refusal := policy.refusal(KeyAction.EDIT, key):
        messages.error(request, refusal)
        return redirect("apikeys:detail", public_id=key.public_id)
    may_grant_admin = policy.allows(KeyAction.EDIT, key, permissions=["admin"])
    initial = {
        "name": key.name,
        "permissions": key.permissions,
        "allowed_ips": "\n".join(key.allowed_ips),
        "rate_limit": key.rate_limit,
    }
    form = KeySettingsForm(_posted(request), initial=initial, may_grant_admin=may_grant_admin)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        updated = _run_service(
            form,
            lambda: services.key_update(
                key=key,
                actor=request.user,
                name=data["name"],
                permissions=data["permissions"],
                allowed_ips=data["allowed_ips"],
                rate_limit=data["rate_limit"],
                context=AuditContext.from_request(request),
            ),
        )
        if updated:
            messages.success(request, f"Saved changes to “{updated.name}”.")
            return redirect("apikeys:detail", public_id=key.public_id)
    return _page(request, "edit.html", key=key, form=form)


@workspace_required
def key_roll(request, public_id: str):
    key = _key_or_404(request, public_id)
    if refusal := _refuse_if_revoked(request, key):
        return refusal
    form = KeyRollForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        rolled = _run_service(
            form,
            lambda: services.key_roll(
                key=key,
                actor=request.user,
                grace=form.grace_period,
                context=AuditContext.from_request(request),
            ),
        )
        if rolled:
            new_key, raw = rolled
            messages.success(request, _rolled_message(key, form.grace_period))
            return _stash_secret(request, new_key, raw)
    return _page(request, "roll.html", key=key, form=form)


def _rolled_message(key: ApiKey, grace: timedelta) -> str:
    if not grace:
        return f"Rolled “{key.name}”. The old key has stopped working."
    hours = int(grace.total_seconds() // 3600)
    span = f"{hours // 24} days" if hours >= 48 else f"{hours} hour{'s' if hours != 1 else ''}"
    return f"Rolled “{key.name}”. The old key keeps working for {span}."


@workspace_required
@require_http_methods(["GET", "POST"])
def key_revoke(request, public_id: str):
    key = _key_or_404(request, public_id)
    if refusal := _refuse_if_revoked(request, key):
        return refusal
    if request.method == "POST":
        services.key_revoke(key=key, actor=request.user, context=AuditContext.from_request(request))
        messages.success(request, f"Revoked “{key.name}”. Requests with it now fail.")
        return redirect("apikeys:list")
    return _page(request, "revoke.html", key=key)
