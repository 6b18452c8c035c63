from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from audit.models import AuditEvent
from oauthapps.services.applications import application_create
from oauthapps.services.authorizations import authorization_grant
from tests.support import issue_access_token


def register(user, name):
    app, _ = application_create(
        user=user, name=name, redirect_uris="https://app.example/cb", client_type="confidential"
    )
    return app


def sign_in_to(user, app, workspace=None) -> str:
    """Consent, then an access token with its refresh token, as the OAuth flow leaves them."""
    workspace = workspace or user.workspaces.order_by("id").first()
    authorization_grant(user=user, application=app, workspace=workspace, scopes=["read"])
    expires = timezone.now() + timedelta(hours=1)
    return issue_access_token(user, app, workspace, expires=expires, with_refresh_token=True).token


def url(app) -> str:
    return f"/settings/apps/{app.pk}/revoke/"


def test_it_asks_before_revoking_and_names_what_the_app_can_do(bob_client, bob, app):
    sign_in_to(bob, app)

    page = bob_client.get(url(app))

    assert page.status_code == 200
    assert b"Revoke access for Acme Sync?" in page.content
    assert b"Read all data you can access" in page.content
    assert get_access_token_model().objects.filter(user=bob, application=app).exists()


def test_revoking_removes_the_apps_tokens_in_this_workspace_at_once(bob_client, bob, app):
    alices, bobs = bob.workspaces.order_by("id")
    sign_in_to(bob, app, alices)
    sign_in_to(bob, app, alices)
    sign_in_to(bob, app, bobs)

    response = bob_client.post(url(app))

    assert response.status_code == 302
    assert response.url == "/settings/apps/"
    tokens = get_access_token_model().objects.filter(user=bob, application=app)
    assert list(tokens.values_list("workspace", flat=True)) == [bobs.pk]
    live_refresh = get_refresh_token_model().objects.filter(revoked__isnull=True)
    assert list(
        live_refresh.filter(user=bob, application=app).values_list("workspace", flat=True)
    ) == [bobs.pk]
    assert bob_client.get("/settings/apps/").context["entries"] == []


def test_the_revoked_token_stops_working(bob_client, bob, app, api_client):
    raw = sign_in_to(bob, app)
    me = {"path": "/v1/users/me", "HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert api_client.get(**me).status_code == 200

    bob_client.post(url(app))

    assert api_client.get(**me).status_code == 401


def test_it_leaves_other_apps_and_other_users_alone(bob_client, alice, bob, charlie, app):
    other_app = register(alice, "Zeta Reports")
    sign_in_to(bob, app)
    sign_in_to(bob, other_app)
    sign_in_to(charlie, app)

    bob_client.post(url(app))

    tokens = get_access_token_model().objects
    assert tokens.filter(user=bob, application=other_app).count() == 1
    assert tokens.filter(user=charlie, application=app).count() == 1


def test_revoking_is_recorded_in_the_audit_log(bob_client, bob, app):
    sign_in_to(bob, app)

    bob_client.post(url(app), REMOTE_ADDR="198.51.100.4")

    event = AuditEvent.objects.get(action="oauth.authorization_revoked")
    assert event.actor == bob
    assert event.target_label == "Acme Sync"
    assert event.metadata["client_id"] == app.client_id
    assert event.ip == "198.51.100.4"


def test_an_app_this_user_never_authorized_is_a_404(client, charlie, bob, app):
    sign_in_to(bob, app)
    client.force_login(charlie)

    assert client.get(url(app)).status_code == 404
    assert client.post(url(app)).status_code == 404
    assert get_access_token_model().objects.filter(user=bob, application=app).count() == 1


def test_it_requires_login(client, app):
    response = client.post(url(app))

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
