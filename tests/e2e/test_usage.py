"""Usage in a real browser: traffic made over HTTP shows up as rows and a chart."""

import random
from datetime import timedelta

import pytest
import requests
import time_machine
from django.utils import timezone

from audit.models import RequestLog
from tests.e2e.conftest import log_in


def call(live_server, raw, method, path, **kwargs):
    return requests.request(
        method,
        f"{live_server.url}{path}",
        headers={"Authorization": f"Bearer {raw}"},
        timeout=10,
        **kwargs,
    )


def earlier_traffic(key, hours=23):
    """A day of history before today's calls, so the chart has a shape."""
    now, rows = timezone.now(), []
    rng = random.Random(7)
    for hour in range(1, hours + 1):
        busy = 40 + int(30 * abs(12 - hour) / 12) + rng.randint(0, 15)
        for status, share in ((200, 0.86), (404, 0.08), (429, 0.04), (500, 0.02)):
            rows.append(
                RequestLog(
                    request_id="req_history",
                    workspace=key.workspace,
                    api_key=key,
                    livemode=key.livemode,
                    method="GET",
                    path="/v1/modules/contacts/records",
                    status=status,
                    count=max(int(busy * share), 0) or 1,
                    created_at=now - timedelta(hours=hour, minutes=rng.randint(0, 50)),
                )
            )
    RequestLog.objects.bulk_create(rows)


@pytest.fixture(autouse=True)
def start_of_a_minute():
    """Time runs from the start of the current minute, so the test's calls and the
    page all fall in one rate-limit window."""
    with time_machine.travel(timezone.now().replace(second=0, microsecond=0), tick=True):
        yield


def test_usage_shows_the_keys_traffic_and_a_chart(
    page, screenshot, live_server, alice, make_key, transactional_db
):
    key, raw = make_key(alice, name="Zapier production", permissions=["read", "write"])
    make_key(alice, name="Staging backfill", livemode=False, permissions=["read"])
    _, dashboard = make_key(
        alice, name="Metrics dashboard", permissions=["read", "write", "delete"]
    )
    with time_machine.travel(timezone.now() - timedelta(days=45)):
        make_key(alice, name="Old reporting script")
    earlier_traffic(key)

    for _ in range(6):
        assert call(live_server, raw, "GET", "/v1/users/me").status_code == 200
    assert call(live_server, raw, "GET", "/v1/modules/contacts/records").status_code == 200
    assert call(live_server, raw, "GET", "/v1/modules/nope/records").status_code == 404
    created = call(live_server, raw, "POST", "/v1/modules/contacts/records", json={"nope": 1})
    assert created.status_code == 400
    for _ in range(2):
        assert call(live_server, dashboard, "GET", "/v1/modules/contacts/records").ok

    log_in(page, "alice@example.com", lands_on="**/settings/api/")
    page.click("nav[aria-label=Settings] >> text=Usage")
    page.wait_for_url("**/settings/api/usage/")

    row = page.locator(f'tr[data-key="{key.public_id}"]')
    assert row.locator("text=Zapier production").is_visible()
    assert row.locator('[data-stat="window"]').inner_text().startswith("9 / 1,000")
    assert page.locator("svg.usage-chart").is_visible()
    assert page.locator("svg.usage-chart g.bar").count() == 24
    assert page.locator("text=a candidate to revoke").is_visible()
    assert page.locator("text=a read-only key would do").is_visible()
    screenshot("usage_24h")

    page.click("text=Show the numbers as a table")
    assert page.locator("details.usage-table table").is_visible()
    screenshot("usage_table")

    page.click("nav[aria-label='Time range'] >> text=7 days")
    page.wait_for_url("**range=7d**")
    assert page.locator("svg.usage-chart g.bar").count() == 7 * 24
    screenshot("usage_7d")

    page.select_option("#usage-key", key.public_id)
    page.click("button:has-text('Show')")
    page.wait_for_url(f"**key={key.public_id}**")
    assert page.locator(f"text={key.hint}").first.is_visible()
    screenshot("usage_one_key")
