"""Every change to a key goes through here and writes its audit event in the
same transaction: no key is created, changed, rolled or revoked unrecorded.

Who may do what is apikeys.policy's to say; each service asks it first, so
the pages, /v1/api-keys, the command line and the admin obey one rule.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import Enum
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.handover import LONGEST_HANDOVER
from accounts.models import User, Workspace
from api.credential_cache import credentials_changed
from api.ratelimit import default_limit
from apikeys import keys
from apikeys.canonical import normalize_networks, normalize_permissions
from apikeys.events import (
    key_created_record,
    key_revoked_record,
    key_rolled_record,
    key_updated_record,
)
from apikeys.models import ApiKey, RevokedVia
from apikeys.policy import KeyAction, KeyPolicy
from audit.changes import changed_fields, field_values
from audit.services import AuditContext


class Unchanged(Enum):
    """What key_update leaves as it is where None is a value ("no limit", "never expires")."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED

# How RevokedVia follows from where a revocation came from (AuditContext.via).
VIA = {"page": RevokedVia.PAGE, "api": RevokedVia.API, "admin": RevokedVia.ADMIN}
# What key_update may change, and so what its event's before/after covers.
EDITABLE_FIELDS = ("name", "permissions", "allowed_ips", "rate_limit", "expires_at")


def _require_may_set_limit(actor: User | None, key: ApiKey, rate_limit: int | None) -> None:
    """Anyone may cap a key below its environment's limit; only staff may raise it."""
    if rate_limit is None or (actor is not None and actor.has_perm("apikeys.change_apikey")):
        return
    ceiling = default_limit(key.livemode)
    if not 1 <= rate_limit <= ceiling:
        raise ValidationError(
            {
                "rate_limit": f"Choose between 1 and {ceiling} requests per minute, or leave it "
                "empty for the default. Contact support for a higher limit."
            }
        )


def _check_expiry(expires_at: datetime | None) -> None:
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})


def _new_secret(key: ApiKey) -> str:
    """Give an unsaved key a fresh secret, returned to be shown once: the key keeps
    only its digest and hint."""
    raw = keys.generate(livemode=key.livemode)
    key.hint, key.digest = keys.hint(raw), keys.digest(raw)
    return raw


@transaction.atomic
def key_create(
    *,
    workspace: Workspace,
    actor: User,
    name: str,
    livemode: bool,
    permissions: Iterable[str],
    allowed_ips: Iterable[str] = (),
    expires_at: datetime | None = None,
    context: AuditContext | None = None,
    rate_limit: int | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret, which is never stored: show it once, then forget it."""
    policy = KeyPolicy.of(actor, workspace)
    policy.require(KeyAction.CREATE)
    _check_expiry(expires_at)
    key = ApiKey(
        workspace=workspace,
        created_by=actor,
        name=name,
        livemode=livemode,
        permissions=list(permissions),
        allowed_ips=list(allowed_ips),
        expires_at=expires_at,
        rate_limit=rate_limit,
    )
    raw = _new_secret(key)
    key.full_clean()
    policy.require(KeyAction.CREATE, permissions=key.permissions, livemode=key.livemode)
    _require_may_set_limit(actor, key, rate_limit)
    key.save()
    key_created_record(key=key, actor=actor, context=context)
    return key, raw


@transaction.atomic
def key_update(
    *,
    key: ApiKey,
    actor: User | None,
    name: str | None = None,
    permissions: Iterable[str] | None = None,
    allowed_ips: Iterable[str] | None = None,
    rate_limit: int | Literal[Unchanged.UNCHANGED] | None = UNCHANGED,
    expires_at: datetime | Literal[Unchanged.UNCHANGED] | None = UNCHANGED,
    context: AuditContext | None = None,
    reason: str = "",
) -> ApiKey:
    """Rename a key; change its permissions, allowed addresses, rate limit or expiry.
    A rate limit alone is a re-limit (which staff may do to any key); anything else
    is an edit, under the key policy."""
    key = ApiKey.objects.select_for_update().select_related("workspace").get(pk=key.pk)
    policy = KeyPolicy.of(actor, key.workspace)
    only_limit = all(value is None for value in (name, permissions, allowed_ips))
    only_limit = only_limit and expires_at is UNCHANGED
    policy.require(KeyAction.LIMIT if only_limit else KeyAction.EDIT, key)
    if key.is_revoked:
        raise ValidationError("A revoked key cannot be changed.")
    before = field_values(key, EDITABLE_FIELDS)
    if name is not None:
        key.name = name
    if permissions is not None:
        _change_permissions(key, policy, permissions)
    if allowed_ips is not None:
        key.allowed_ips = normalize_networks(allowed_ips)
    if rate_limit is not UNCHANGED:
        _require_may_set_limit(actor, key, rate_limit)
        key.rate_limit = rate_limit
    if expires_at is not UNCHANGED and expires_at != key.expires_at:
        _change_expiry(key, expires_at)
    key.full_clean()
    changes = changed_fields(before, key)
    if changes:
        key.save(update_fields=list(changes))
        key_updated_record(key=key, actor=actor, context=context, changes=changes, reason=reason)
    return key


def _change_permissions(key: ApiKey, policy: KeyPolicy, permissions: Iterable[str]) -> None:
    """Granting `admin` asks the policy again: only managers may hold admin keys."""
    had_admin = "admin" in key.permissions
    key.permissions = normalize_permissions(permissions)
    if "admin" in key.permissions and not had_admin:
        policy.require(KeyAction.EDIT, key, permissions=key.permissions)


def _change_expiry(key: ApiKey, expires_at: datetime | None) -> None:
    if not key.is_active:
        raise ValidationError({"expires_at": "Only an active key's expiry can change."})
    if key.rolled_at is not None:
        raise ValidationError(
            {"expires_at": "This key was rolled: it stops when its grace period ends."}
        )
    _check_expiry(expires_at)
    key.expires_at = expires_at


@transaction.atomic
def key_roll(
    *,
    key: ApiKey,
    actor: User | None,
    grace: timedelta = timedelta(0),
    context: AuditContext | None = None,
) -> tuple[ApiKey, str]:
    """A new secret for the same key settings; the old secret stops after `grace`.

    The new key is the same key to everyone who relies on it: it keeps the
    creator (a key acts as its creator, whoever rolled it), the permissions,
    addresses, limit and expiry.
    """
    key = (
        ApiKey.objects.select_for_update().select_related("workspace", "created_by").get(pk=key.pk)
    )
    KeyPolicy.of(actor, key.workspace).require(KeyAction.ROLL, key)
    if key.status != "active":
        raise ValidationError("Only an active key can be rolled.")
    if key.rolled_at is not None:
        raise ValidationError("This key was already rolled; roll its replacement instead.")
    if not timedelta(0) <= grace <= LONGEST_HANDOVER:
        raise ValidationError({"grace_period_seconds": "Choose between 0 and 7 days."})
    new_key = ApiKey(
        workspace=key.workspace,
        created_by=key.created_by,
        name=key.name,
        livemode=key.livemode,
        permissions=key.permissions,
        allowed_ips=key.allowed_ips,
        expires_at=key.expires_at,
        rolled_from=key,
        rate_limit=key.rate_limit,
    )
    raw = _new_secret(new_key)
    new_key.save()
    key_created_record(key=new_key, actor=actor, context=context)
    stops_at = _retire_rolled(key, actor=actor, grace=grace)
    key_rolled_record(
        key=key, actor=actor, context=context, replaced_by=new_key, grace=grace, stops_at=stops_at
    )
    return new_key, raw


def _retire_rolled(key: ApiKey, *, actor: User | None, grace: timedelta) -> datetime:
    """When the old key of a roll stops: after `grace` (never later than it would
    have expired anyway), or now, as a revocation, when there is no grace."""
    now = timezone.now()
    key.rolled_at = now
    if not grace:
        key.revoked_at, key.revoked_by, key.revoked_via = now, actor, RevokedVia.ROLLED
        key.save(update_fields=["revoked_at", "revoked_by", "revoked_via", "rolled_at"])
        return now
    ends = now + grace
    stops_at = ends if key.expires_at is None else min(key.expires_at, ends)
    key.expires_at = stops_at
    key.save(update_fields=["expires_at", "rolled_at"])
    return stops_at


@transaction.atomic
def key_revoke(
    *, key: ApiKey, actor: User | None = None, context: AuditContext | None = None, via: str = ""
) -> ApiKey:
    """Stop a key now. The next request with it fails, in every process.

    `via` (a RevokedVia) defaults to what the context says: Settings, the
    API, the admin, or (without a context) the command line."""
    key = ApiKey.objects.select_for_update().select_related("workspace").get(pk=key.pk)
    KeyPolicy.of(actor, key.workspace).require(KeyAction.REVOKE, key)
    if key.is_revoked:
        return key
    key.revoked_at, key.revoked_by = timezone.now(), actor
    key.revoked_via = via or VIA.get(context.via if context else "", RevokedVia.CLI)
    key.save(update_fields=["revoked_at", "revoked_by", "revoked_via"])
    key_revoked_record(key=key, actor=actor, context=context)
    return key


@transaction.atomic
def keys_revoke_of_departed(
    *,
    workspace: Workspace,
    user: User,
    actor: User | None,
    via: str,
    context: AuditContext | None = None,
) -> list[ApiKey]:
    """Revoke every live key `user` created in `workspace`, which they just left.

    No key policy applies: the departure (a removal by a manager, or leaving)
    already decided it. Set-based, with one event per key naming why.
    """
    keys = list(
        ApiKey.objects.select_for_update().filter(
            workspace=workspace, created_by=user, revoked_at__isnull=True
        )
    )
    now = timezone.now()
    ApiKey.objects.filter(pk__in=[key.pk for key in keys]).update(
        revoked_at=now, revoked_by=actor, revoked_via=via
    )
    credentials_changed(sender=ApiKey)  # a set-based change sends no post_save
    for key in keys:
        key.revoked_at, key.revoked_by, key.revoked_via = now, actor, via
        key_revoked_record(key=key, actor=actor, context=context, created_by=user.email)
    return keys
