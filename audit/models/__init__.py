from audit.models.events import AuditEvent, new_event_id
from audit.models.requests import RequestLog
from audit.models.rollups import RequestRollup

__all__ = ["AuditEvent", "RequestLog", "RequestRollup", "new_event_id"]
