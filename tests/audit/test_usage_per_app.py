"""Settings > API > Usage: what each OAuth app did for the workspace."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from oauth2_provider.models import get_application_model
from rest_framework.test import APIClient

from audit.models import RequestLog
from tests.audit.usage_rows import app_row, app_row_html
from tests.support import issue_access_token

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
URL = "/settings/api/usage/"


pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def app(alice):
    return get_application_model().objects.create(
        user=alice,
        name="Acme CRM Sync",
        client_type="confidential",
        authorization_grant_type="authorization-code",
        redirect_uris="https://acme.example/cb",
    )


def token_for(user, app, workspace) -> str:
    return issue_access_token(user, app, workspace, expires=NOW + timedelta(hours=1)).token


def log(app, workspace, *, ago, status=200, count=1):
    RequestLog.objects.create(
        request_id="req_test",
        workspace=workspace,
        oauth_application=app,
        livemode=True,
        method="GET",
        path="/v1/users/me",
        status=status,
        count=count,
        created_at=NOW - ago,
    )


def test_an_app_seen_in_the_logs_gets_its_numbers(web, alice, app):
    workspace = alice.workspaces.get()
    log(app, workspace, ago=timedelta(hours=2), count=3)
    log(app, workspace, ago=timedelta(hours=5), status=403)
    log(app, workspace, ago=timedelta(days=4), status=429, count=4)

    stats = app_row(web.get(URL).content.decode(), app)

    assert stats["requests_24h"] == "4"
    assert stats["requests_7d"] == "8"
    assert stats["error_rate"] == "62.5%"
    assert stats["rate_limited_7d"] == "4"


def test_an_app_used_within_30_days_is_listed_from_its_token(web, alice, app):
    raw = token_for(alice, app, alice.workspaces.get())
    with time_machine.travel(NOW - timedelta(days=20), tick=False):
        APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    RequestLog.objects.all().delete()  # older logs are pruned; the token remembers

    html = web.get(URL).content.decode()

    stats = app_row(html, app)
    assert stats["requests_7d"] == "0"
    assert "Feb 18, 2026, 12:30 UTC" in app_row_html(html, app)


def test_an_app_not_seen_for_30_days_is_not_listed(web, alice, app):
    workspace = alice.workspaces.get()
    log(app, workspace, ago=timedelta(days=40))

    assert f'data-app="{app.client_id}"' not in web.get(URL).content.decode()


def test_an_app_used_only_in_another_workspace_is_not_listed(web, charlie, app):
    log(app, charlie.workspaces.get(), ago=timedelta(hours=1))

    assert f'data-app="{app.client_id}"' not in web.get(URL).content.decode()


def test_an_apps_bar_shows_its_busiest_user_this_minute(web, alice, bob, app):
    """Apps are limited per app and user: the bar shows the fullest of those windows."""
    workspace = alice.workspaces.get()
    busy = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(alice, app, workspace)}")
    quiet = APIClient(HTTP_AUTHORIZATION=f"Bearer {token_for(bob, app, workspace)}")
    for _ in range(3):
        assert busy.get("/v1/users/me").status_code == 200
    assert quiet.get("/v1/users/me").status_code == 200

    html = web.get(URL).content.decode()

    assert 'aria-label="3 of 1000 requests this minute"' in app_row_html(html, app)
