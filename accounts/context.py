"""Where an action came from (address, browser, through what), kept with its event.

It lives at the bottom, beside the users, so that every layer's services can
take one: accounts' own, whose events audit records from their signals, and
those above that record their events themselves (audit.services).
"""

from dataclasses import dataclass, replace
from typing import Any, cast

from django.http import HttpRequest
from rest_framework.request import Request

from accounts.client_ip import client_ip

USER_AGENT_LENGTH = 300


def user_agent_of(request: HttpRequest, length: int = USER_AGENT_LENGTH) -> str:
    """The User-Agent as it may be stored: without NUL bytes (PostgreSQL refuses them
    in text, which would lose the row, or fail the change it records) and cut short."""
    return str(request.META.get("HTTP_USER_AGENT", "")).replace("\x00", "")[:length]


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
    def from_request(cls, request: HttpRequest, *, via: str = "page") -> "AuditContext":
        return cls(
            ip=client_ip(request),
            user_agent=user_agent_of(request),
            via=via,
        )

    @classmethod
    def from_api(cls, request: Request) -> "AuditContext":
        """A /v1 call: the event names the key (`key_...`) or OAuth app that made it."""
        # An api.principal.Principal: accounts sits below api, so it cannot name the type.
        principal: Any = request.auth
        credential = principal.credential
        if principal.kind == "api_key":
            label = str(credential.public_id)
        else:
            label = f"oauth:{credential.application.client_id}"
        # DRF's Request answers for the HttpRequest it wraps (META, the client address).
        return replace(cls.from_request(cast(HttpRequest, request), via="api"), credential=label)

    @classmethod
    def from_admin(cls, request: HttpRequest) -> "AuditContext":
        return cls.from_request(request, via="admin")

    @classmethod
    def from_command(cls, name: str) -> "AuditContext":
        return cls(user_agent=f"manage.py {name}", via="cli")
