"""Rotating an app's client secret on its page: the choice of overlap, the new secret
shown once, the audit event, and who may rotate."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.hashers import check_password

from audit.models import AuditEvent
from oauthapps.services.applications import application_create
from oauthapps.services.secrets import application_rotate_secret
from tests.oauthapps.secret_steps import (
    rotate_on_the_page,
    rotate_url,
    secret_on,
    text_of,
)

# `frozen` stops the clock here; `registered` makes Alice's app at this moment.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


def test_it_asks_how_long_the_old_secret_keeps_working(alice_client, registered):
    app, old = registered

    page = alice_client.get(rotate_url(app))

    assert page.status_code == 200
    text = text_of(page)
    assert f"The current secret {app.client_secret_hint} stops working" in text
    for choice in ("Immediately", "In 1 hour", "In 24 hours", "In 7 days"):
        assert choice in text
    assert re.search(rb'value="none" checked', page.content)
    app.refresh_from_db()
    assert check_password(old, app.client_secret)


def test_rotating_shows_a_new_secret_once_and_the_old_one_stops_matching(alice_client, registered):
    app, old = registered

    response = alice_client.post(rotate_url(app), {"overlap": "none"})
    page = alice_client.get(response.url)

    new = secret_on(page)
    app.refresh_from_db()
    assert new != old
    assert check_password(new, app.client_secret)
    assert not check_password(old, app.client_secret)
    assert "no-store" in page["Cache-Control"]
    assert "The previous secret has stopped working" in text_of(page)
    assert new not in alice_client.get(response.url).content.decode()


def test_rotating_with_an_overlap_says_until_when_the_old_secret_works(alice_client, registered):
    app, _ = registered

    response = alice_client.post(rotate_url(app), {"overlap": "24h"})
    page = alice_client.get(response.url)

    text = text_of(page)
    assert "The old secret keeps working until Mar 3, 2026, 12:00 UTC." in text
    assert "The previous secret keeps working until Mar 3, 2026, 12:00 UTC" in text


def test_an_overlap_not_offered_changes_nothing(alice_client, registered):
    app, old = registered

    page = alice_client.post(rotate_url(app), {"overlap": "30d"})

    assert page.status_code == 200
    assert "Select a valid choice" in text_of(page)
    app.refresh_from_db()
    assert check_password(old, app.client_secret)
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()


def test_rotating_without_a_choice_stops_the_old_secret_at_once(alice_client, registered):
    app, old = registered

    response = alice_client.post(rotate_url(app))

    assert response.status_code == 302
    app.refresh_from_db()
    assert not check_password(old, app.client_secret)
    assert app.previous_client_secret == ""
    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")
    assert event.metadata["overlap_seconds"] == 0


def test_rotating_records_an_audit_event_without_the_secret(alice_client, alice, registered):
    app, _ = registered

    new = rotate_on_the_page(alice_client, app, overlap="1h")

    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")
    assert event.actor == alice
    assert event.metadata == {
        "client_id": app.client_id,
        "overlap": "1 hour",
        "overlap_seconds": 3600,
        "previous_secret_expires_at": "2026-03-02T13:00:00+00:00",
    }
    assert new not in str(event.metadata)


def test_a_public_app_has_no_secret_to_rotate(alice_client, alice):
    app, _ = application_create(
        user=alice, name="CLI", redirect_uris="http://127.0.0.1/cb", client_type="public"
    )
    stored = app.client_secret

    response = alice_client.post(rotate_url(app), {"overlap": "24h"})

    assert response.status_code == 302
    assert response.url == f"/settings/developer/apps/{app.pk}/"
    app.refresh_from_db()
    assert app.client_secret == stored
    assert app.previous_client_secret == ""
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()


@pytest.mark.parametrize("data", [{"overlap": "24h"}, {"stop_previous": "1"}])
def test_a_stale_sign_in_must_confirm_the_password_first(
    alice_client, alice, registered, frozen, data
):
    app, _ = registered
    application_rotate_secret(application=app, actor=alice, overlap=timedelta(days=7))
    app.refresh_from_db()
    stored = (app.client_secret, app.previous_client_secret)
    frozen.shift(timedelta(minutes=10, seconds=1))

    response = alice_client.post(rotate_url(app), data)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/reauthenticate/")
    app.refresh_from_db()
    assert (app.client_secret, app.previous_client_secret) == stored
    assert AuditEvent.objects.filter(action__startswith="oauth_app.").count() == 2


@pytest.mark.parametrize("data", [{"overlap": "24h"}, {"stop_previous": "1"}])
def test_a_teammate_who_does_not_own_the_app_cannot_rotate_or_stop(
    client, alice, bob, registered, data
):
    app, _ = registered
    application_rotate_secret(application=app, actor=alice, overlap=timedelta(days=7))
    app.refresh_from_db()
    stored = (app.client_secret, app.previous_client_secret)
    client.force_login(bob)

    response = client.post(rotate_url(app), data)

    assert response.status_code == 404
    app.refresh_from_db()
    assert (app.client_secret, app.previous_client_secret) == stored
    assert app.previous_secret_works
