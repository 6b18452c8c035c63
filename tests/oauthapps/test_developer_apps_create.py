import re

from django.contrib.auth.hashers import check_password
from django.test import Client
from oauth2_provider.models import get_application_model

from audit.models import AuditEvent

NEW = "/settings/developer/apps/new/"


def register(client, **fields):
    data = {
        "name": "Acme Sync",
        "redirect_uris": "https://acme.example/callback",
        "client_type": "confidential",
        **fields,
    }
    return client.post(NEW, data, REMOTE_ADDR="203.0.113.9", HTTP_USER_AGENT="pytest-browser")


def secret_on(page) -> str:
    return re.search(r'id="client-secret"[^>]*>([^<]+)</textarea>', page.content.decode())[1]


def test_it_shows_the_registration_form(alice_client):
    page = alice_client.get(NEW)
    assert page.status_code == 200
    assert b"Redirect URIs" in page.content
    assert b'value="confidential" checked' in page.content
    assert page.context["section"] == "developer"


def test_it_registers_a_confidential_app_for_the_authorization_code_flow(alice_client, alice):
    response = register(alice_client, redirect_uris="https://acme.example/cb\nhttp://127.0.0.1/cb")

    app = get_application_model().objects.get(user=alice)
    assert app.name == "Acme Sync"
    assert app.client_type == "confidential"
    assert app.authorization_grant_type == "authorization-code"
    assert app.redirect_uris == "https://acme.example/cb http://127.0.0.1/cb"
    assert response.status_code == 302
    assert response.url.startswith("/settings/developer/apps/secret/")


def test_it_shows_the_client_secret_once_and_stores_only_its_hash(alice_client, alice):
    secret_page = alice_client.get(register(alice_client).url)

    app = get_application_model().objects.get(user=alice)
    secret = secret_on(secret_page)
    assert app.client_id in secret_page.content.decode()
    assert len(secret) >= 40
    assert secret != app.client_secret
    assert check_password(secret, app.client_secret)
    assert "no-store" in secret_page["Cache-Control"]


def test_a_reload_of_the_secret_page_never_shows_the_secret_again(alice_client):
    secret_url = register(alice_client).url
    secret = secret_on(alice_client.get(secret_url))

    reload = alice_client.get(secret_url)

    assert reload.status_code == 200
    assert secret not in reload.content.decode()
    assert b"already been shown" in reload.content
    assert "no-store" in reload["Cache-Control"]


def test_another_user_cannot_collect_the_secret_with_its_link(alice_client, charlie):
    secret_url = register(alice_client).url
    other = Client()
    other.force_login(charlie)

    page = other.get(secret_url)

    assert b'id="client-secret"' not in page.content


def test_a_public_app_gets_no_secret_to_show(alice_client, alice):
    response = register(
        alice_client, client_type="public", redirect_uris="http://127.0.0.1:7777/cb"
    )

    app = get_application_model().objects.get(user=alice)
    assert app.client_type == "public"
    assert response.url == f"/settings/developer/apps/{app.pk}/"
    page = alice_client.get(response.url)
    assert b"Public clients have no secret" in page.content


def test_it_refuses_bad_redirect_uris_with_one_message_per_uri(alice_client, alice):
    response = register(
        alice_client,
        redirect_uris="https://ok.example/cb\nhttp://acme.example/cb\nhttps://acme.example/cb#x",
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["redirect_uris"]
    assert len(errors) == 2
    assert errors[0].startswith("http://acme.example/cb: must use https")
    assert errors[1].startswith("https://acme.example/cb#x: must not contain a fragment")
    assert "http://acme.example/cb: must use https" in response.content.decode()
    assert not get_application_model().objects.filter(user=alice).exists()


def test_it_requires_a_name_and_a_client_type(alice_client, alice):
    response = register(alice_client, name="  ", client_type="implicit")

    assert set(response.context["form"].errors) == {"name", "client_type"}
    assert not get_application_model().objects.filter(user=alice).exists()


def test_it_records_the_registration_in_the_audit_log(alice_client, alice):
    register(alice_client)

    app = get_application_model().objects.get(user=alice)
    event = AuditEvent.objects.get(action="oauth_app.created")
    assert event.actor == alice
    assert event.target_label == "Acme Sync"
    assert event.metadata["client_id"] == app.client_id
    assert event.metadata["client_type"] == "confidential"
    assert event.metadata["redirect_uris"] == ["https://acme.example/callback"]
    assert event.ip == "203.0.113.9"
    assert event.user_agent == "pytest-browser"
    assert app.client_secret not in str(event.metadata)


def test_it_requires_login(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
