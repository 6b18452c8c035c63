"""The previous secret on the developer pages: what they say about it, and stopping it
before its overlap ends."""

from datetime import UTC, datetime, timedelta

import pytest

from audit.models import AuditEvent
from tests.oauthapps.secret_steps import (
    detail_url,
    exchange,
    rotate_on_the_page,
    rotate_url,
    text_of,
)

# `frozen` stops the clock here; `registered` makes Alice's app at this moment.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


def test_after_rotating_the_token_endpoint_refuses_the_old_secret(alice_client, bob, registered):
    app, old = registered
    assert exchange(app, bob, old).status_code == 200

    new = rotate_on_the_page(alice_client, app, overlap="none")

    refused = exchange(app, bob, old)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"
    assert exchange(app, bob, new).status_code == 200


def test_the_app_page_shows_both_secrets_and_when_the_old_one_stops(
    alice_client, registered, frozen
):
    app, _ = registered
    old_hint = app.client_secret_hint
    frozen.shift(timedelta(minutes=5))
    rotate_on_the_page(alice_client, app, overlap="7d")
    app.refresh_from_db()

    page = alice_client.get(detail_url(app))

    text = text_of(page)
    assert f"{app.client_secret_hint} Current Created Mar 2, 2026, 12:05 UTC" in text
    assert f"{old_hint} Previous Previous secret works until Mar 9, 2026, 12:05 UTC" in text
    assert "Stop the previous secret now" in text
    assert "Rotating again stops the previous secret at once" in text
    frozen.shift(timedelta(days=7))
    later = text_of(alice_client.get(detail_url(app)))
    assert f"{app.client_secret_hint} Current" in later
    assert old_hint not in later
    assert "Stop the previous secret now" not in later


def test_the_rotate_page_warns_that_the_oldest_secret_stops(alice_client, registered):
    app, _ = registered
    rotate_on_the_page(alice_client, app, overlap="24h")
    app.refresh_from_db()

    text = text_of(alice_client.get(rotate_url(app)))

    assert (
        f"The previous secret ({app.previous_client_secret_hint}), which still works until "
        "Mar 3, 2026, 12:00 UTC, stops at once when you rotate" in text
    )


def test_stopping_the_previous_secret_from_the_page(alice_client, alice, bob, registered):
    app, old = registered
    new = rotate_on_the_page(alice_client, app, overlap="24h")
    assert exchange(app, bob, old).status_code == 200

    response = alice_client.post(rotate_url(app), {"stop_previous": "1"})

    assert response.status_code == 302
    assert response.url == detail_url(app)
    assert exchange(app, bob, old).status_code == 401
    assert exchange(app, bob, new).status_code == 200
    page = text_of(alice_client.get(response.url))
    assert "Stopped the previous secret. Only the current one works now." in page
    assert "Previous secret works until" not in page
    event = AuditEvent.objects.get(action="oauth_app.previous_secret_revoked")
    assert event.actor == alice
    assert AuditEvent.objects.filter(action="oauth_app.secret_rotated").count() == 1


def test_stopping_when_no_previous_secret_works_says_so(alice_client, registered):
    app, _ = registered

    response = alice_client.post(rotate_url(app), {"stop_previous": "1"}, follow=True)

    assert "The previous secret has already stopped working." in text_of(response)
    assert not AuditEvent.objects.filter(action="oauth_app.previous_secret_revoked").exists()


def test_the_security_events_page_names_both_steps(alice_client, registered):
    app, _ = registered
    rotate_on_the_page(alice_client, app, overlap="7d")
    alice_client.post(rotate_url(app), {"stop_previous": "1"})

    text = text_of(alice_client.get("/settings/security/"))

    assert "OAuth app secret rotated" in text
    assert "overlap 1 week" in text
    assert "overlap seconds 604800" in text
    assert "previous secret expires at 2026-03-09T12:00:00+00:00" in text
    assert "OAuth app previous secret revoked" in text
    assert "would have expired at 2026-03-09T12:00:00+00:00" in text
