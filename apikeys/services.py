"""Every change to a key goes through here and writes its audit event in the
same transaction: no key is created, changed, rolled or revoked unrecorded."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from api.ratelimit import default_limit
from apikeys import keys
from apikeys.models import ApiKey, normalize_networks, normalize_permissions
from audit.services import AuditContext, audit_event_record

UNCHANGED = object()

ROLL_GRACE_PERIODS = {
    "none": timedelta(0),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}


def _require_member(actor, workspace) -> Membership:
    membership = Membership.objects.filter(user=actor, workspace=workspace).first()
    if membership is None:
        raise PermissionDenied("You are not a member of this workspace.")
    return membership


def _require_may_set_limit(actor, key: ApiKey, rate_limit: int | None) -> None:
    """Anyone may cap a key below its environment's limit; only staff may raise it."""
    if rate_limit is None or actor.has_perm("apikeys.change_apikey"):
        return
    ceiling = default_limit(key.livemode)
    if not 1 <= rate_limit <= ceiling:
        raise ValidationError(
            {
                "rate_limit": f"Choose between 1 and {ceiling} requests per minute, or leave it "
                "empty for the default. Contact support for a higher limit."
            }
        )


def _require_may_grant(membership: Membership, permissions) -> None:
    if "admin" in permissions and not membership.can_manage:
        raise ValidationError(
            {"permissions": "Only workspace owners and admins can create or grant admin keys."}
        )


@transaction.atomic
def key_create(
    *,
    workspace,
    actor,
    name: str,
    livemode: bool,
    permissions,
    allowed_ips=(),
    expires_at=None,
    context: AuditContext | None = None,
    rolled_from: ApiKey | None = None,
    rate_limit: int | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret, which is never stored: show it once, then forget it."""
    membership = _require_member(actor, workspace)
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": "The expiry must be in the future."})
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
        rolled_from=rolled_from,
        rate_limit=rate_limit,
    )
    key.full_clean()
    _require_may_grant(membership, key.permissions)
    if rolled_from is None:  # a replacement keeps the limit staff may have raised
        _require_may_set_limit(actor, key, rate_limit)
    key.save()
    audit_event_record(
        action="api_key.created",
        actor=actor,
        workspace=workspace,
        target=key,
        context=context,
        metadata={
            "environment": key.environment,
            "permissions": key.permissions,
            "allowed_ips": key.allowed_ips,
            "expires_at": key.expires_at.isoformat() if key.expires_at else None,
            "rolled_from": rolled_from.public_id if rolled_from else None,
        },
    )
    return key, raw


@transaction.atomic
def key_update(
    *,
    key: ApiKey,
    actor,
    name=None,
    permissions=None,
    allowed_ips=None,
    rate_limit=UNCHANGED,
    context: AuditContext | None = None,
) -> ApiKey:
    """Rename a key, change its permissions, its allowed addresses or its rate limit.

    Staff holding the change permission on keys (the admin) may change any key;
    everyone else only the keys of their own workspaces.
    """
    staff = actor.has_perm("apikeys.change_apikey")
    membership = None if staff else _require_member(actor, key.workspace)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.is_revoked:
        raise ValidationError("A revoked key cannot be changed.")
    fields = ("name", "permissions", "allowed_ips", "rate_limit")
    before = {field: getattr(key, field) for field in fields}
    if name is not None:
        key.name = name
    if permissions is not None:
        key.permissions = normalize_permissions(permissions)
        if membership and "admin" in key.permissions and "admin" not in before["permissions"]:
            _require_may_grant(membership, key.permissions)
    if allowed_ips is not None:
        key.allowed_ips = normalize_networks(allowed_ips)
    if rate_limit is not UNCHANGED:
        _require_may_set_limit(actor, key, rate_limit)
        key.rate_limit = rate_limit
    key.full_clean()
    changes = {
        field: {"from": old, "to": getattr(key, field)}
        for field, old in before.items()
        if getattr(key, field) != old
    }
    if not changes:
        return key
    key.save(update_fields=list(changes))
    audit_event_record(
        action="api_key.updated",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={"changes": changes},
    )
    return key


@transaction.atomic
def key_roll(
    *, key: ApiKey, actor, grace: timedelta = timedelta(0), context: AuditContext | None = None
) -> tuple[ApiKey, str]:
    """A new secret for the same key settings; the old secret stops after `grace`."""
    _require_member(actor, key.workspace)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.status != "active":
        raise ValidationError("Only an active key can be rolled.")
    if hasattr(key, "rolled_to"):
        raise ValidationError("This key was already rolled; roll its replacement instead.")
    now = timezone.now()
    new_key, raw = key_create(
        workspace=key.workspace,
        actor=actor,
        name=key.name,
        livemode=key.livemode,
        permissions=key.permissions,
        allowed_ips=key.allowed_ips,
        expires_at=key.expires_at,
        context=context,
        rolled_from=key,
        rate_limit=key.rate_limit,
    )
    if grace:
        ends = now + grace
        if key.expires_at is None or key.expires_at > ends:
            key.expires_at = ends
            key.save(update_fields=["expires_at"])
    else:
        key.revoked_at, key.revoked_by = now, actor
        key.save(update_fields=["revoked_at", "revoked_by"])
    audit_event_record(
        action="api_key.rolled",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata={
            "replaced_by": new_key.public_id,
            "grace_seconds": int(grace.total_seconds()),
            "old_key_stops_at": (key.expires_at or key.revoked_at).isoformat(),
        },
    )
    return new_key, raw


@transaction.atomic
def key_revoke(*, key: ApiKey, actor=None, context: AuditContext | None = None) -> ApiKey:
    """Stop a key now. The next request with it fails, in every process.

    Staff holding the change permission on keys (the admin) may revoke any key;
    everyone else only the keys of their own workspaces."""
    if actor is not None and not actor.has_perm("apikeys.change_apikey"):
        _require_member(actor, key.workspace)
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.is_revoked:
        return key
    key.revoked_at, key.revoked_by = timezone.now(), actor
    key.save(update_fields=["revoked_at", "revoked_by"])
    audit_event_record(
        action="api_key.revoked",
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
    )
    return key
