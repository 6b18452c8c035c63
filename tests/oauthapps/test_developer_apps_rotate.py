import re
import secrets
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from oauth2_provider.models import get_grant_model

from audit.models import AuditEvent
from oauthapps.services.applications import application_create, application_rotate_secret

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def registered(alice, clock):
    """(app, its first secret)"""
    return application_create(
        user=alice,
        name="Acme Sync",
        redirect_uris="https://acme.example/cb",
        client_type="confidential",
    )


@pytest.fixture
def signed_in(client, alice, clock):
    client.force_login(alice)
    return client


def rotate_url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/rotate/"


def detail_url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/"


def secret_on(page) -> str:
    return re.search(r'id="client-secret"[^>]*>([^<]+)</textarea>', page.content.decode())[1]


def rotate_on_the_page(client, app, overlap="none") -> str:
    """Rotate through the form; the new secret as the one-time page shows it."""
    response = client.post(rotate_url(app), {"overlap": overlap})
    assert response.status_code == 302, response.content
    return secret_on(client.get(response.url))


def text_of(page) -> str:
    """The page's text as read: no tags, single spaces, none inside brackets or before a comma."""
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.)])", r"\1", text))


def test_it_asks_how_long_the_old_secret_keeps_working(signed_in, registered):
    app, old = registered

    page = signed_in.get(rotate_url(app))

    assert page.status_code == 200
    text = text_of(page)
    assert f"The current secret {app.client_secret_hint} stops working" in text
    for choice in ("Immediately", "In 1 hour", "In 24 hours", "In 7 days"):
        assert choice in text
    assert re.search(rb'value="none" checked', page.content)
    app.refresh_from_db()
    assert check_password(old, app.client_secret)


def test_rotating_shows_a_new_secret_once_and_the_old_one_stops_matching(signed_in, registered):
    app, old = registered

    response = signed_in.post(rotate_url(app), {"overlap": "none"})
    page = signed_in.get(response.url)

    new = secret_on(page)
    app.refresh_from_db()
    assert new != old
    assert check_password(new, app.client_secret)
    assert not check_password(old, app.client_secret)
    assert "no-store" in page["Cache-Control"]
    assert "The previous secret has stopped working" in text_of(page)
    assert new not in signed_in.get(response.url).content.decode()


def test_rotating_with_an_overlap_says_until_when_the_old_secret_works(signed_in, registered):
    app, _ = registered

    response = signed_in.post(rotate_url(app), {"overlap": "24h"})
    page = signed_in.get(response.url)

    text = text_of(page)
    assert "The old secret keeps working until Mar 3, 2026, 12:00 UTC." in text
    assert "The previous secret keeps working until Mar 3, 2026, 12:00 UTC" in text


def test_an_overlap_not_offered_changes_nothing(signed_in, registered):
    app, old = registered

    page = signed_in.post(rotate_url(app), {"overlap": "30d"})

    assert page.status_code == 200
    assert "Select a valid choice" in text_of(page)
    app.refresh_from_db()
    assert check_password(old, app.client_secret)
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()


def test_rotating_without_a_choice_stops_the_old_secret_at_once(signed_in, registered):
    app, old = registered

    response = signed_in.post(rotate_url(app))

    assert response.status_code == 302
    app.refresh_from_db()
    assert not check_password(old, app.client_secret)
    assert app.previous_client_secret == ""
    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")
    assert event.metadata["overlap_seconds"] == 0


def test_rotating_records_an_audit_event_without_the_secret(signed_in, alice, registered):
    app, _ = registered

    new = rotate_on_the_page(signed_in, app, overlap="1h")

    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")
    assert event.actor == alice
    assert event.metadata == {
        "client_id": app.client_id,
        "overlap": "1 hour",
        "overlap_seconds": 3600,
        "previous_secret_expires_at": "2026-03-02T13:00:00+00:00",
    }
    assert new not in str(event.metadata)


def test_a_public_app_has_no_secret_to_rotate(signed_in, alice):
    app, _ = application_create(
        user=alice, name="CLI", redirect_uris="http://127.0.0.1/cb", client_type="public"
    )
    stored = app.client_secret

    response = signed_in.post(rotate_url(app), {"overlap": "24h"})

    assert response.status_code == 302
    assert response.url == f"/settings/developer/apps/{app.pk}/"
    app.refresh_from_db()
    assert app.client_secret == stored
    assert app.previous_client_secret == ""
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()


def exchange_code(client, app, user, secret):
    """POST /oauth/token for a fresh code of `user`, authenticating with `secret`."""
    code = secrets.token_urlsafe(16)
    get_grant_model().objects.create(
        user=user,
        application=app,
        workspace=user.workspaces.first(),
        code=code,
        expires=timezone.now() + timedelta(minutes=1),
        redirect_uri="https://acme.example/cb",
        scope="read",
    )
    return client.post(
        "/oauth/token",
        {
            "grant_type": "authorization_code",
            "client_id": app.client_id,
            "client_secret": secret,
            "code": code,
            "redirect_uri": "https://acme.example/cb",
        },
    )


def test_after_rotating_the_token_endpoint_refuses_the_old_secret(signed_in, bob, registered):
    app, old = registered
    assert exchange_code(signed_in, app, bob, old).status_code == 200

    new = rotate_on_the_page(signed_in, app, overlap="none")

    refused = exchange_code(signed_in, app, bob, old)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"
    assert exchange_code(signed_in, app, bob, new).status_code == 200


def test_the_app_page_shows_both_secrets_and_when_the_old_one_stops(signed_in, registered, clock):
    app, _ = registered
    old_hint = app.client_secret_hint
    clock.shift(timedelta(minutes=5))
    rotate_on_the_page(signed_in, app, overlap="7d")
    app.refresh_from_db()

    page = signed_in.get(detail_url(app))

    text = text_of(page)
    assert f"{app.client_secret_hint} Current Created Mar 2, 2026, 12:05 UTC" in text
    assert f"{old_hint} Previous Previous secret works until Mar 9, 2026, 12:05 UTC" in text
    assert "Stop the previous secret now" in text
    assert "Rotating again stops the previous secret at once" in text
    clock.shift(timedelta(days=7))
    later = text_of(signed_in.get(detail_url(app)))
    assert f"{app.client_secret_hint} Current" in later
    assert old_hint not in later
    assert "Stop the previous secret now" not in later


def test_the_rotate_page_warns_that_the_oldest_secret_stops(signed_in, registered):
    app, _ = registered
    rotate_on_the_page(signed_in, app, overlap="24h")
    app.refresh_from_db()

    text = text_of(signed_in.get(rotate_url(app)))

    assert (
        f"The previous secret ({app.previous_client_secret_hint}), which still works until "
        "Mar 3, 2026, 12:00 UTC, stops at once when you rotate" in text
    )


def test_stopping_the_previous_secret_from_the_page(signed_in, alice, bob, registered):
    app, old = registered
    new = rotate_on_the_page(signed_in, app, overlap="24h")
    assert exchange_code(signed_in, app, bob, old).status_code == 200

    response = signed_in.post(rotate_url(app), {"stop_previous": "1"})

    assert response.status_code == 302
    assert response.url == detail_url(app)
    assert exchange_code(signed_in, app, bob, old).status_code == 401
    assert exchange_code(signed_in, app, bob, new).status_code == 200
    page = text_of(signed_in.get(response.url))
    assert "Stopped the previous secret. Only the current one works now." in page
    assert "Previous secret works until" not in page
    event = AuditEvent.objects.get(action="oauth_app.previous_secret_revoked")
    assert event.actor == alice
    assert AuditEvent.objects.filter(action="oauth_app.secret_rotated").count() == 1


def test_stopping_when_no_previous_secret_works_says_so(signed_in, registered):
    app, _ = registered

    response = signed_in.post(rotate_url(app), {"stop_previous": "1"}, follow=True)

    assert "The previous secret has already stopped working." in text_of(response)
    assert not AuditEvent.objects.filter(action="oauth_app.previous_secret_revoked").exists()


@pytest.mark.parametrize("data", [{"overlap": "24h"}, {"stop_previous": "1"}])
def test_a_stale_sign_in_must_confirm_the_password_first(signed_in, alice, registered, clock, data):
    app, _ = registered
    application_rotate_secret(application=app, actor=alice, overlap=timedelta(days=7))
    app.refresh_from_db()
    stored = (app.client_secret, app.previous_client_secret)
    clock.shift(timedelta(minutes=10, seconds=1))

    response = signed_in.post(rotate_url(app), data)

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


def test_the_security_events_page_names_both_steps(signed_in, registered):
    app, _ = registered
    rotate_on_the_page(signed_in, app, overlap="7d")
    signed_in.post(rotate_url(app), {"stop_previous": "1"})

    text = text_of(signed_in.get("/settings/security/"))

    assert "OAuth app secret rotated" in text
    assert "overlap 1 week" in text
    assert "overlap seconds 604800" in text
    assert "previous secret expires at 2026-03-09T12:00:00+00:00" in text
    assert "OAuth app previous secret revoked" in text
    assert "would have expired at 2026-03-09T12:00:00+00:00" in text
