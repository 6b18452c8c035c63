"""What the Settings > API views share: the tab, the viewer's key policy,
looking a key up, and what a page may offer to do with a key."""

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils.timesince import timeuntil

from accounts.current import current_membership, current_workspace, signed_in_user
from accounts.settings_pages import SettingsSection
from apikeys.models import ApiKey, KeyStatus
from apikeys.policy import KeyAction, KeyPolicy

KEYS = SettingsSection(name="keys", templates="apikeys")


def policy_of(request: HttpRequest) -> KeyPolicy:
    membership = current_membership(request)
    return KeyPolicy.of(signed_in_user(request), membership.workspace, membership)


def key_or_404(request: HttpRequest, public_id: str) -> ApiKey:
    return get_object_or_404(
        ApiKey.objects.select_related("created_by", "revoked_by", "rolled_from", "rolled_to"),
        workspace=current_workspace(request),
        public_id=public_id,
    )


@dataclass(frozen=True)
class KeyView:
    """What the pages say about a key besides its fields: its replacement, how long a
    rolled key has left, and which actions the viewer may take (the others are not
    shown). Templates read the key as `key` and this as `key_view`."""

    key: ApiKey
    replacement: ApiKey | None
    time_left: str
    may_edit: bool
    may_roll: bool
    may_revoke: bool

    @classmethod
    def of(cls, key: ApiKey, policy: KeyPolicy) -> "KeyView":
        replacement = getattr(key, "rolled_to", None)
        changeable = not key.is_revoked
        return cls(
            key=key,
            replacement=replacement,
            time_left=timeuntil(key.expires_at, depth=1) if key.in_grace and key.expires_at else "",
            may_edit=changeable and policy.allows(KeyAction.EDIT, key),
            may_roll=(
                key.status == KeyStatus.ACTIVE
                and key.rolled_at is None
                and replacement is None
                and policy.allows(KeyAction.ROLL, key)
            ),
            may_revoke=changeable and policy.allows(KeyAction.REVOKE, key),
        )

    @property
    def may_act(self) -> bool:
        return self.may_edit or self.may_roll or self.may_revoke


def refuse(
    request: HttpRequest, key: ApiKey, policy: KeyPolicy, action: KeyAction
) -> HttpResponseRedirect | None:
    """A redirect to the key's page with the reason, if the viewer may not act; else None."""
    if key.is_revoked:
        messages.info(request, f"“{key.name}” is revoked and can no longer be changed.")
        return redirect("apikeys:detail", public_id=key.public_id)
    if reason := policy.refusal(action, key):
        messages.error(request, reason)
        return redirect("apikeys:detail", public_id=key.public_id)
    return None
