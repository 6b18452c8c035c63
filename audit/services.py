from dataclasses import dataclass

from audit.models import AuditEvent

USER_AGENT_LENGTH = 300


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from: kept with the event."""

    ip: str | None = None
    user_agent: str = ""

    @classmethod
    def from_request(cls, request) -> "AuditContext":
        from api.client_ip import client_ip

        return cls(
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
        )


def audit_event_record(
    *,
    action: str,
    actor=None,
    workspace=None,
    target=None,
    target_label: str = "",
    context: AuditContext | None = None,
    metadata: dict | None = None,
) -> AuditEvent:
    """Write one event. Call it inside the transaction of the change it records."""
    context = context or AuditContext()
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_label=getattr(actor, "email", "") or "",
        workspace=workspace,
        target_type=target._meta.model_name if target is not None else "",
        target_id=getattr(target, "public_id", "") if target is not None else "",
        target_label=target_label or (str(target) if target is not None else ""),
        ip=context.ip,
        user_agent=context.user_agent,
        metadata=metadata or {},
    )
