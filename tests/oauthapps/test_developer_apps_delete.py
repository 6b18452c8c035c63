import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from audit.models import AuditEvent
from oauthapps.services.applications import application_create
from tests.support import issue_access_token


def issue(user, app):
    """A pending code, and an access token with its refresh token, as a sign-in leaves them."""
    workspace = user.workspaces.first()
    expires = timezone.now() + timedelta(hours=1)
    get_grant_model().objects.create(
        user=user,
        application=app,
        workspace=workspace,
        code=secrets.token_urlsafe(16),
        expires=expires,
        redirect_uri="https://acme.example/cb",
        scope="read",
    )
    issue_access_token(user, app, workspace, expires=expires, with_refresh_token=True)


def url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/delete/"


def test_it_asks_first_and_says_what_stops_working(alice_client, app, bob, charlie):
    issue(bob, app)
    issue(charlie, app)

    page = alice_client.get(url(app))

    assert page.status_code == 200
    assert page.context["counts"] == {
        "access_tokens": 2,
        "refresh_tokens": 2,
        "grants": 2,
        "users": 2,
    }
    assert (
        b"2 people lose the access they gave it: 2 access tokens and 2 refresh tokens"
        in page.content
    )
    assert get_application_model().objects.filter(pk=app.pk).exists()


def test_deleting_the_app_revokes_every_token_and_code_issued_to_it(alice_client, app, alice, bob):
    issue(bob, app)
    other, _ = application_create(
        user=alice, name="Other", redirect_uris="https://o.example/cb", client_type="public"
    )
    issue(bob, other)

    response = alice_client.post(url(app))

    assert response.status_code == 302
    assert response.url == "/settings/developer/apps/"
    assert not get_application_model().objects.filter(pk=app.pk).exists()
    for model in (get_access_token_model(), get_refresh_token_model(), get_grant_model()):
        assert not model.objects.filter(application_id=app.pk).exists()
        assert model.objects.filter(application=other).count() == 1


def test_a_deleted_apps_token_no_longer_authenticates(alice_client, app, bob, api_client):
    issue(bob, app)
    raw = "at_" + secrets.token_urlsafe(24)
    get_access_token_model().objects.create(
        user=bob,
        application=app,
        workspace=bob.workspaces.first(),
        token=raw,
        expires=timezone.now() + timedelta(hours=1),
        scope="read",
    )

    me = {"path": "/v1/users/me", "HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert api_client.get(**me).status_code == 200

    alice_client.post(url(app))

    assert api_client.get(**me).status_code == 401


def test_deleting_records_an_audit_event_with_what_was_revoked(alice_client, app, alice, bob):
    issue(bob, app)
    client_id = app.client_id

    alice_client.post(url(app))

    event = AuditEvent.objects.get(action="oauth_app.deleted")
    assert event.actor == alice
    assert event.target_label == "Acme Sync"
    assert event.metadata["client_id"] == client_id
    assert event.metadata["revoked"] == {
        "access_tokens": 1,
        "refresh_tokens": 1,
        "grants": 1,
        "users": 1,
    }
