"""Fixtures for the Logs and Security events pages and /v1/audit-logs.

Rows are made directly where a test needs many of them or needs their times;
elsewhere tests make real /v1 requests and let the middleware write the rows.
"""

import re
from datetime import UTC, datetime, timedelta

import pytest

from accounts.ids import public_id
from audit.models import AuditEvent, RequestLog

NOON = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


@pytest.fixture
def dave(workspace):
    """A plain member whose only workspace is alice's (bob also has his own)."""
    from accounts.models import Membership, User
    from tests.support import PASSWORD

    user = User.objects.create_user("dave@example.com", password=PASSWORD, name="Dave Member")
    user.workspaces.all().delete()
    Membership.objects.create(user=user, workspace=workspace, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def make_log(workspace):
    """make_log(**fields) -> a RequestLog row in alice's workspace (fields override)."""

    def make(**fields):
        row = {
            "workspace": workspace,
            "request_id": public_id("req", 24),
            "livemode": True,
            "method": "GET",
            "path": "/v1/users/me",
            "status": 200,
            "ip": "198.51.100.7",
            "latency_ms": 12,
            "created_at": NOON,
        }
        return RequestLog.objects.create(**{**row, **fields})

    return make


@pytest.fixture
def make_event(workspace, alice):
    """make_event(action, **fields) -> an AuditEvent by alice in her workspace."""

    def make(action="api_key.created", **fields):
        event = {
            "workspace": workspace,
            "actor": alice,
            "actor_label": alice.email,
            "action": action,
            "created_at": NOON,
        }
        return AuditEvent.objects.create(**{**event, **fields})

    return make


@pytest.fixture
def authorized_app(alice, workspace):
    """An OAuth app alice registered and authorized (read) for her workspace."""
    from oauthapps.services.applications import application_create
    from oauthapps.services.authorizations import authorization_grant

    app, _ = application_create(
        user=alice, name="Acme CRM", redirect_uris="https://acme.example/cb", client_type="public"
    )
    authorization_grant(user=alice, application=app, workspace=workspace, scopes=["read"])
    return app


@pytest.fixture
def shown_ids():
    """shown_ids(response) -> the ids of the table rows on a page, top to bottom."""

    def ids(response) -> list[str]:
        return re.findall(r'<tr id="((?:req|evt)_\w+)"', response.content.decode())

    return ids


@pytest.fixture
def link():
    """link(response, rel) -> the href of the page's rel="next"/"prev" link, or None."""

    def href(response, rel: str) -> str | None:
        found = re.search(rf'rel="{rel}" href="([^"]+)"', response.content.decode())
        return found and found.group(1).replace("&amp;", "&")

    return href


@pytest.fixture
def web(alice):
    """A browser signed in as alice."""
    from django.test import Client

    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def near_noon():
    """The clock an hour after NOON: status, method and path filters search the
    7 days before now (audit.selectors.bounded_window), where NOON's rows are."""
    import time_machine

    with time_machine.travel(NOON + timedelta(hours=1), tick=True):
        yield
