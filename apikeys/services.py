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

from accounts.models import User, Workspace
from api.credential_cache import credentials_changed
from api.ratelimit import default_limit
from apikeys import keys
from apikeys.models import ApiKey, RevokedVia, normalize_networks, normalize_permissions
from apikeys.policy import KeyAction, KeyPolicy
from audit.changes import changed_fields, field_values
from audit.services import AuditContext, audit_event_record


class Unchanged(Enum):
    """What key_update leaves as it is where None is a value ("no limit", "never expires")."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED

ROLL_GRACE_PERIODS = {
    "none": timedelta(0),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}
MAX_GRACE = max(ROLL_GRACE_PERIODS.values())
# How RevokedVia follows from where a revocation came from (AuditContext.via).
VIA = {"page": RevokedVia.PAGE, "api": RevokedVia.API, "admin": RevokedVia.ADMIN}


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
    raw = keys.generate(livemode=livemode)
    key = ApiKey(
        workspace=workspace,
        created_by=actor,
        name=name,
        livemode=livemode,
        permissions=list(permissions),
        allowed_ips=list(allowed_ips),
        expires_at=expires_at,
        hint=keys.hint(raw),
        digest=keys.digest(raw),
        rate_limit=rate_limit,
    )
    key.full_clean()
    policy.require(KeyAction.CREATE, permissions=key.permissions, livemode=key.livemode)
    _require_may_set_limit(actor, key, rate_limit)
    key.save()
    _record_created(key, actor, context)
    return key, raw


def _record_created(key: ApiKey, actor: User | None, context: AuditContext | None) -> None:
    audit_event_record(
        action="api_key.created",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={
            "environment": key.environment,
            "permissions": key.permissions,
            "allowed_ips": key.allowed_ips,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
            "rolled_from": key.rolled_from.public_id if key.rolled_from else None,
            "created_by": key.created_by.email,
        },
    )


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

    A rate limit alone is a re-limit (which staff may do to any key); anything
    else is an edit, under the key policy.
    """
    key = ApiKey.objects.select_for_update().select_related("workspace").get(pk=key.pk)
    policy = KeyPolicy.of(actor, key.workspace)
    only_limit = name is None and permissions is None and allowed_ips is None
    only_limit = only_limit and expires_at is UNCHANGED
    policy.require(KeyAction.LIMIT if only_limit else KeyAction.EDIT, key)
    if key.is_revoked:
        raise ValidationError("A revoked key cannot be changed.")
    had_admin = "admin" in key.permissions
    before = field_values(key, ("name", "permissions", "allowed_ips", "rate_limit", "expires_at"))
    if name is not None:
        key.name = name
    if permissions is not None:
        key.permissions = normalize_permissions(permissions)
        if "admin" in key.permissions and not had_admin:
            policy.require(KeyAction.EDIT, key, permissions=key.permissions)
    if allowed_ips is not None:
        key.allowed_ips = normalize_networks(allowed_ips)
    if rate_limit is not UNCHANGED:
        _require_may_set_limit(actor, key, rate_limit)
        key.rate_limit = rate_limit
    if expires_at is not UNCHANGED and expires_at != key.expires_at:
        _change_expiry(key, expires_at)
    key.full_clean()
    changes = changed_fields(before, key)
    if not changes:
        return key
    key.save(update_fields=list(changes))
    audit_event_record(
        action="api_key.updated",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={"changes": changes, **({"reason": reason} if reason else {})},
    )
    return key


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
    if not timedelta(0) <= grace <= MAX_GRACE:
        raise ValidationError({"grace_period_seconds": "Choose between 0 and 7 days."})
    now = timezone.now()
    raw = keys.generate(livemode=key.livemode)
    new_key = ApiKey.objects.create(
        workspace=key.workspace,
        created_by=key.created_by,
        name=key.name,
        livemode=key.livemode,
        permissions=key.permissions,
        allowed_ips=key.allowed_ips,
        expires_at=key.expires_at,
        hint=keys.hint(raw),
        digest=keys.digest(raw),
        rolled_from=key,
        rate_limit=key.rate_limit,
    )
    _record_created(new_key, actor, context)
    key.rolled_at = now
    if grace:
        ends = now + grace
        stops_at = ends if key.expires_at is None else min(key.expires_at, ends)
        key.expires_at = stops_at
        key.save(update_fields=["expires_at", "rolled_at"])
    else:
        stops_at = now
        key.revoked_at, key.revoked_by, key.revoked_via = now, actor, RevokedVia.ROLLED
        key.save(update_fields=["revoked_at", "revoked_by", "revoked_via", "rolled_at"])
    audit_event_record(
        action="api_key.rolled",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={
            "replaced_by": new_key.public_id,
            "grace_seconds": int(grace.total_seconds()),
            "old_key_stops_at": stops_at.isoformat(),
        },
    )
    return new_key, raw


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
    _record_revoked(key, actor=actor, context=context)
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
        _record_revoked(key, actor=actor, context=context, created_by=user.email)
    return keys


def _record_revoked(
    key: ApiKey, *, actor: User | None, context: AuditContext | None, **metadata: str
) -> None:
    audit_event_record(
        action="api_key.revoked",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={"reason": key.revoked_via, **metadata},
    )
