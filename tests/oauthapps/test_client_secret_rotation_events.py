"""The security events of a secret rotation, and the rotations refused without one."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEvent
from oauthapps.services.secrets import application_revoke_previous_secret
from tests.oauthapps.secret_steps import (
    DAY,
    rotate,
)

# `frozen` stops the clock here; `registered` makes Alice's app at this moment.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


def test_the_rotation_event_says_how_long_the_old_secret_works(registered, alice, frozen):
    app, _ = registered
    rotate(app, alice, overlap=timedelta(days=7))

    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")

    assert event.actor == alice
    assert event.target_label == "Acme Sync"
    assert event.metadata == {
        "client_id": app.client_id,
        "overlap": "1 week",
        "overlap_seconds": 7 * 24 * 3600,
        "previous_secret_expires_at": "2026-03-09T12:00:00+00:00",
    }


def test_a_rotation_during_an_overlap_says_the_older_secret_stopped(registered, alice, frozen):
    app, _ = registered
    rotate(app, alice)
    frozen.shift(timedelta(hours=1))

    rotate(app, alice, overlap=timedelta(0))

    latest = AuditEvent.objects.filter(action="oauth_app.secret_rotated").latest("id")
    assert latest.metadata == {
        "client_id": app.client_id,
        "overlap": "none",
        "overlap_seconds": 0,
        "previous_secret_expires_at": "2026-03-02T13:00:00+00:00",
        "older_secret_stopped": True,
    }


def test_stopping_the_previous_secret_early_is_an_event(registered, alice, frozen):
    app, _ = registered
    rotate(app, alice)
    frozen.shift(timedelta(hours=3))

    application_revoke_previous_secret(application=app, actor=alice)

    event = AuditEvent.objects.get(action="oauth_app.previous_secret_revoked")
    assert event.actor == alice
    assert event.metadata == {
        "client_id": app.client_id,
        "would_have_expired_at": "2026-03-03T12:00:00+00:00",
    }


def test_a_failed_stop_writes_neither_change_nor_event(registered, alice, frozen):
    app, _ = registered
    rotate(app, alice)
    frozen.shift(DAY)

    with pytest.raises(ValidationError):
        application_revoke_previous_secret(application=app, actor=alice)

    assert not AuditEvent.objects.filter(action="oauth_app.previous_secret_revoked").exists()


def test_an_overlap_longer_than_seven_days_is_refused(registered, alice):
    app, _ = registered

    with pytest.raises(ValidationError):
        rotate(app, alice, overlap=timedelta(days=7, seconds=1))

    app.refresh_from_db()
    assert app.previous_client_secret == ""
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()
