import re
import secrets
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.utils import timezone
from oauth2_provider.models import get_grant_model

from audit.models import AuditEvent
from oauthapps.services.applications import application_create


@pytest.fixture
def registered(alice):
    """(app, its first secret)"""
    return application_create(
        user=alice,
        name="Acme Sync",
        redirect_uris="https://acme.example/cb",
        client_type="confidential",
    )


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def rotate_url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/rotate/"


def secret_on(page) -> str:
    return re.search(r'id="client-secret"[^>]*>([^<]+)</textarea>', page.content.decode())[1]


def test_it_asks_before_rotating(signed_in, registered):
    app, old = registered

    page = signed_in.get(rotate_url(app))

    assert page.status_code == 200
    assert b"stops working <strong>immediately</strong>" in page.content
    app.refresh_from_db()
    assert check_password(old, app.client_secret)


def test_rotating_shows_a_new_secret_once_and_the_old_one_stops_matching(signed_in, registered):
    app, old = registered

    response = signed_in.post(rotate_url(app))
    page = signed_in.get(response.url)

    new = secret_on(page)
    app.refresh_from_db()
    assert new != old
    assert check_password(new, app.client_secret)
    assert not check_password(old, app.client_secret)
    assert "no-store" in page["Cache-Control"]
    assert new not in signed_in.get(response.url).content.decode()


def test_rotating_records_an_audit_event_without_the_secret(signed_in, alice, registered):
    app, _ = registered

    page = signed_in.get(signed_in.post(rotate_url(app)).url)

    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")
    assert event.actor == alice
    assert event.metadata == {"client_id": app.client_id}
    assert secret_on(page) not in str(event.metadata)


def test_a_public_app_has_no_secret_to_rotate(signed_in, alice):
    app, _ = application_create(
        user=alice, name="CLI", redirect_uris="http://127.0.0.1/cb", client_type="public"
    )
    stored = app.client_secret

    response = signed_in.post(rotate_url(app))

    assert response.status_code == 302
    assert response.url == f"/settings/developer/apps/{app.pk}/"
    app.refresh_from_db()
    assert app.client_secret == stored
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

    new = secret_on(signed_in.get(signed_in.post(rotate_url(app)).url))

    refused = exchange_code(signed_in, app, bob, old)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"
    assert exchange_code(signed_in, app, bob, new).status_code == 200
