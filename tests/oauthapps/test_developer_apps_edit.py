import pytest

from audit.models import AuditEvent
from oauthapps.services.applications import application_create


@pytest.fixture
def public_app(alice):
    """Alice's app, registered as public (the edit form can make it confidential)."""
    app, _ = application_create(
        user=alice, name="Acme Sync", redirect_uris="https://acme.example/cb", client_type="public"
    )
    return app


def url(public_app) -> str:
    return f"/settings/developer/apps/{public_app.pk}/"


def test_it_shows_the_app_with_its_client_id_and_settings(alice_client, public_app):
    page = alice_client.get(url(public_app))

    assert page.status_code == 200
    assert public_app.client_id in page.content.decode()
    assert page.context["form"]["name"].value() == "Acme Sync"
    assert page.context["form"]["redirect_uris"].value() == "https://acme.example/cb"


def test_it_renames_the_app_and_replaces_its_redirect_uris(alice_client, public_app):
    response = alice_client.post(
        url(public_app),
        {"name": "Acme Sync 2", "redirect_uris": "https://acme.example/new\nhttp://[::1]:9/cb"},
    )

    assert response.status_code == 302
    public_app.refresh_from_db()
    assert public_app.name == "Acme Sync 2"
    assert public_app.redirect_uris == "https://acme.example/new http://[::1]:9/cb"


def test_the_client_type_stays_as_registered(alice_client, public_app):
    alice_client.post(
        url(public_app),
        {"name": "Acme", "redirect_uris": "https://acme.example/cb", "client_type": "confidential"},
    )

    public_app.refresh_from_db()
    assert public_app.client_type == "public"


def test_it_refuses_bad_redirect_uris_and_changes_nothing(alice_client, public_app):
    response = alice_client.post(
        url(public_app),
        {"name": "Renamed", "redirect_uris": "https://ok.example/cb\nhttp://evil.example/cb"},
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors["redirect_uris"]
    assert error.startswith("http://evil.example/cb: must use https")
    public_app.refresh_from_db()
    assert public_app.name == "Acme Sync"
    assert public_app.redirect_uris == "https://acme.example/cb"


def test_it_records_what_changed_in_the_audit_log(alice_client, alice, public_app):
    alice_client.post(
        url(public_app), {"name": "Acme Sync", "redirect_uris": "https://acme.example/v2"}
    )

    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.actor == alice
    assert event.metadata["client_id"] == public_app.client_id
    assert event.metadata["changes"] == {
        "redirect_uris": {"from": "https://acme.example/cb", "to": "https://acme.example/v2"}
    }


def test_saving_without_changes_records_nothing(alice_client, public_app):
    alice_client.post(
        url(public_app), {"name": "Acme Sync", "redirect_uris": "https://acme.example/cb"}
    )

    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()
