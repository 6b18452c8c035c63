from typing import Any

from django.db.models import Model

from accounts.context import AuditContext
from accounts.models import User, Workspace
from audit.models import AuditEvent

__all__ = ["AuditContext", "audit_event_record"]


def audit_event_record(
    *,
    action: str,
    actor: User | None = None,
    workspace: Workspace | None = None,
    target: Model | None = None,
    target_label: str = "",
    context: AuditContext | None = None,
    metadata: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one event. Call it inside the transaction of the change it records."""
    context = context or AuditContext()
    metadata = dict(metadata or {})
    if context.via and context.via != "page":
        metadata.setdefault("via", context.via)
    if context.credential:
        metadata.setdefault("credential", context.credential)
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        workspace=workspace,
        target_type=(target._meta.model_name or "") if target is not None else "",
        target_id=getattr(target, "public_id", "") if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        ip=context.ip,
        user_agent=context.user_agent,
        metadata=metadata,
    )
