import pytest
from django.core.exceptions import PermissionDenied
from oauth2_provider.models import get_application_model

from audit.models import AuditEvent
from oauthapps.services.applications import application_delete, application_update
from oauthapps.services.secrets import application_rotate_secret


@pytest.mark.parametrize("page", ["", "rotate/", "delete/"])
def test_another_user_gets_a_404_for_every_page_of_the_app(client, bob, app, page):
    client.force_login(bob)

    assert client.get(f"/settings/developer/apps/{app.pk}/{page}").status_code == 404


@pytest.mark.parametrize("page", ["", "rotate/", "delete/"])
def test_another_user_cannot_change_rotate_or_delete_the_app(client, charlie, app, page):
    client.force_login(charlie)
    secret_hash = app.client_secret

    response = client.post(
        f"/settings/developer/apps/{app.pk}/{page}",
        {"name": "Taken over", "redirect_uris": "https://evil.example/cb"},
    )

    assert response.status_code == 404
    app.refresh_from_db()
    assert (app.name, app.redirect_uris) == ("Acme Sync", "https://acme.example/cb")
    assert app.client_secret == secret_hash
    assert AuditEvent.objects.exclude(action="oauth_app.created").count() == 0


@pytest.mark.parametrize("page", ["", "rotate/", "delete/"])
def test_pages_of_an_app_require_login(client, app, page):
    response = client.get(f"/settings/developer/apps/{app.pk}/{page}")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_services_refuse_anyone_but_the_owner(charlie, app):
    with pytest.raises(PermissionDenied):
        application_update(application=app, actor=charlie, name="Taken over")
    with pytest.raises(PermissionDenied):
        application_rotate_secret(application=app, actor=charlie)
    with pytest.raises(PermissionDenied):
        application_delete(application=app, actor=charlie)

    assert get_application_model().objects.get(pk=app.pk).name == "Acme Sync"
