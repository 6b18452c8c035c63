"""What the Settings > API views share: the current workspace, its key policy,
looking a key up, and what a page may offer to do with a key."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.timesince import timeuntil

from accounts.current import current_membership
from apikeys.models import ApiKey, KeyStatus
from apikeys.policy import KeyAction, KeyPolicy


def workspace_of(request):
    return current_membership(request).workspace


def policy_of(request) -> KeyPolicy:
    membership = current_membership(request)
    return KeyPolicy.of(request.user, membership.workspace, membership)


def key_or_404(request, public_id: str) -> ApiKey:
    return get_object_or_404(
        ApiKey.objects.select_related("created_by", "revoked_by", "rolled_from", "rolled_to"),
        workspace=workspace_of(request),
        public_id=public_id,
    )


def annotate(key: ApiKey, policy: KeyPolicy) -> ApiKey:
    """What the pages say about a key: its replacement, how long a rolled key has
    left, and which actions the viewer may take (the others are not shown)."""
    key.replacement = getattr(key, "rolled_to", None)
    key.time_left = timeuntil(key.expires_at, depth=1) if key.in_grace else ""
    changeable = not key.is_revoked
    key.may_edit = changeable and policy.allows(KeyAction.EDIT, key)
    key.may_roll = (
        key.status == KeyStatus.ACTIVE
        and key.rolled_at is None
        and key.replacement is None
        and policy.allows(KeyAction.ROLL, key)
    )
    key.may_revoke = changeable and policy.allows(KeyAction.REVOKE, key)
    return key


def refuse(request, key: ApiKey, policy: KeyPolicy, action: KeyAction):
    """A redirect to the key's page with the reason, if the viewer may not act; else None."""
    if key.is_revoked:
        messages.info(request, f"“{key.name}” is revoked and can no longer be changed.")
        return redirect("apikeys:detail", public_id=key.public_id)
    if reason := policy.refusal(action, key):
        messages.error(request, reason)
        return redirect("apikeys:detail", public_id=key.public_id)
    return None


def run_service(form, call):
    """The service's result, or None with its refusal shown on the form."""
    try:
        return call()
    except ValidationError as error:
        form.add_service_error(error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "You may not do that in this workspace.")
    return None


def posted(request):
    return request.POST if request.method == "POST" else None


def page(request, template: str, **context):
    return render(request, f"apikeys/{template}", {"section": "keys", **context})
