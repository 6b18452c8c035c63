"""The audit events of a key's life, spelled once each.

An event about a key belongs to the key's workspace and names the key
(`key_event_record`). A key is created by key_create and by a roll, edited by
key_update and by its creator's demotion, revoked by key_revoke and by its
creator's departure: each pair writes the same event through here, in the
transaction of the change it records.
"""

from datetime import datetime, timedelta
from typing import Any

from accounts.context import AuditContext
from accounts.models import User
from apikeys.models import ApiKey
from audit.changes import FieldChange
from audit.services import audit_event_record


def key_event_record(
    *,
    key: ApiKey,
    action: str,
    actor: User | None = None,
    context: AuditContext | None = None,
    metadata: dict[str, Any],
) -> None:
    audit_event_record(
        action=action,
        actor=actor,
        workspace=key.workspace,
        target=key,
        context=context,
        metadata=metadata,
    )


def key_created_record(*, key: ApiKey, actor: User | None, context: AuditContext | None) -> None:
    """A new key, made from scratch or by a roll (`rolled_from`)."""
    metadata = {
        "environment": key.environment,
        "permissions": key.permissions,
        "allowed_ips": key.allowed_ips,
        "expires_at": key.expires_at.isoformat() if key.expires_at else None,
        "rolled_from": key.rolled_from.public_id if key.rolled_from else None,
        "created_by": key.created_by.email,
    }
    key_event_record(
        key=key, action="api_key.created", actor=actor, context=context, metadata=metadata
    )


def key_updated_record(
    *,
    key: ApiKey,
    actor: User | None,
    context: AuditContext | None,
    changes: dict[str, FieldChange],
    reason: str = "",
) -> None:
    """An edit: the before/after of each changed field, and why when a rule made it."""
    metadata = {"changes": changes, **({"reason": reason} if reason else {})}
    key_event_record(
        key=key, action="api_key.updated", actor=actor, context=context, metadata=metadata
    )


def key_rolled_record(
    *,
    key: ApiKey,
    actor: User | None,
    context: AuditContext | None,
    replaced_by: ApiKey,
    grace: timedelta,
    stops_at: datetime,
) -> None:
    """The old key of a roll: it works on until `stops_at`, the end of its grace."""
    metadata = {
        "replaced_by": replaced_by.public_id,
        "grace_seconds": int(grace.total_seconds()),
        "old_key_stops_at": stops_at.isoformat(),
    }
    key_event_record(
        key=key, action="api_key.rolled", actor=actor, context=context, metadata=metadata
    )


def key_revoked_record(
    *, key: ApiKey, actor: User | None, context: AuditContext | None, **metadata: str
) -> None:
    """`reason` is how it was revoked (RevokedVia); `metadata` adds what that leaves out."""
    key_event_record(
        key=key,
        action="api_key.revoked",
        actor=actor,
        context=context,
        metadata={"reason": key.revoked_via, **metadata},
    )
