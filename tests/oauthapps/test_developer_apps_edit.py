import pytest

from audit.models import AuditEvent
from oauthapps.services.applications import application_create


@pytest.fixture
def app(alice):
    app, _ = application_create(
        user=alice, name="Acme Sync", redirect_uris="https://acme.example/cb", client_type="public"
    )
    return app


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/"


def test_it_shows_the_app_with_its_client_id_and_settings(signed_in, app):
    page = signed_in.get(url(app))

    assert page.status_code == 200
    assert app.client_id in page.content.decode()
    assert page.context["form"]["name"].value() == "Acme Sync"
    assert page.context["form"]["redirect_uris"].value() == "https://acme.example/cb"


def test_it_renames_the_app_and_replaces_its_redirect_uris(signed_in, app):
    response = signed_in.post(
        url(app),
        {"name": "Acme Sync 2", "redirect_uris": "https://acme.example/new\nhttp://[::1]:9/cb"},
    )

    assert response.status_code == 302
    app.refresh_from_db()
    assert app.name == "Acme Sync 2"
    assert app.redirect_uris == "https://acme.example/new http://[::1]:9/cb"


def test_the_client_type_stays_as_registered(signed_in, app):
    signed_in.post(
        url(app),
        {"name": "Acme", "redirect_uris": "https://acme.example/cb", "client_type": "confidential"},
    )

    app.refresh_from_db()
    assert app.client_type == "public"


def test_it_refuses_bad_redirect_uris_and_changes_nothing(signed_in, app):
    response = signed_in.post(
        url(app),
        {"name": "Renamed", "redirect_uris": "https://ok.example/cb\nhttp://evil.example/cb"},
    )

    assert response.status_code == 200
    [error] = response.context["form"].errors["redirect_uris"]
    assert error.startswith("http://evil.example/cb: must use https")
    app.refresh_from_db()
    assert app.name == "Acme Sync"
    assert app.redirect_uris == "https://acme.example/cb"


def test_it_records_what_changed_in_the_audit_log(signed_in, alice, app):
    signed_in.post(url(app), {"name": "Acme Sync", "redirect_uris": "https://acme.example/v2"})

    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.actor == alice
    assert event.metadata["client_id"] == app.client_id
    assert event.metadata["changes"] == {
        "redirect_uris": {"from": "https://acme.example/cb", "to": "https://acme.example/v2"}
    }


def test_saving_without_changes_records_nothing(signed_in, app):
    signed_in.post(url(app), {"name": "Acme Sync", "redirect_uris": "https://acme.example/cb"})

    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()
