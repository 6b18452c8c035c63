from audit.models.events import AuditEvent, new_event_id
from audit.models.requests import RequestLog

__all__ = ["AuditEvent", "RequestLog", "new_event_id"]
