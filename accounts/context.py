"""Where an action came from (address, browser, through what), kept with its event.

It lives at the bottom, beside the users, so that every layer's services can
take one: accounts' own, whose events audit records from their signals, and
those above that record their events themselves (audit.services).
"""

from dataclasses import dataclass, replace

from accounts.client_ip import client_ip

USER_AGENT_LENGTH = 300


def user_agent_of(request, length: int = USER_AGENT_LENGTH) -> str:
    """The User-Agent as it may be stored: without NUL bytes (PostgreSQL refuses them
    in text, which would lose the row, or fail the change it records) and cut short."""
    return request.META.get("HTTP_USER_AGENT", "").replace("\x00", "")[:length]


@dataclass(frozen=True)
class AuditContext:
    """Where an action came from: kept with the event.

    `via` says through what: "page" (Settings), "api" (a /v1 call, whose
    credential is named in `credential`), "admin" (staff), "cli" (manage.py).
    """

    ip: str | None = None
    user_agent: str = ""
    via: str = ""
    credential: str = ""

    @classmethod
    def from_request(cls, request, *, via: str = "page") -> "AuditContext":
        return cls(
            ip=client_ip(request),
            user_agent=user_agent_of(request),
            via=via,
        )

    @classmethod
    def from_api(cls, request) -> "AuditContext":
        """A /v1 call: the event names the key (`key_...`) or OAuth app that made it."""
        principal = request.auth
        credential = principal.credential
        if principal.kind == "api_key":
            label = credential.public_id
        else:
            label = f"oauth:{credential.application.client_id}"
        return replace(cls.from_request(request, via="api"), credential=label)

    @classmethod
    def from_admin(cls, request) -> "AuditContext":
        return cls.from_request(request, via="admin")

    @classmethod
    def from_command(cls, name: str) -> "AuditContext":
        return cls(user_agent=f"manage.py {name}", via="cli")
