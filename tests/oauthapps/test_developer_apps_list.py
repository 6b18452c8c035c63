from oauthapps.services.applications import application_create

LIST = "/settings/developer/apps/"


def register(user, name, **fields):
    app, _ = application_create(
        user=user,
        name=name,
        redirect_uris=fields.get("redirect_uris", "https://acme.example/cb"),
        client_type=fields.get("client_type", "confidential"),
    )
    return app


def test_it_lists_the_users_apps_with_client_id_type_and_redirect_uris(alice_client, alice):
    sync = register(
        alice, "Acme Sync", redirect_uris="https://acme.example/a https://acme.example/b"
    )
    cli = register(alice, "Acme CLI", client_type="public", redirect_uris="http://127.0.0.1/cb")

    page = alice_client.get(LIST)

    html = page.content.decode()
    assert page.status_code == 200
    assert list(page.context["apps"]) == [cli, sync]
    for text in ("Acme Sync", "Acme CLI", "Confidential", "Public", "http://127.0.0.1/cb"):
        assert text in html
    assert "https://acme.example/a" in html
    assert "https://acme.example/b" in html
    assert sync.client_id in html
    assert f"/settings/developer/apps/{sync.pk}/" in html


def test_it_never_shows_a_client_secret(alice_client, alice):
    app, secret = application_create(
        user=alice, name="Acme", redirect_uris="https://a.example/cb", client_type="confidential"
    )

    html = alice_client.get(LIST).content.decode()

    assert secret not in html
    assert app.client_secret not in html


def test_it_lists_nobody_elses_apps(alice_client, bob):
    register(bob, "Bob's Bot")

    page = alice_client.get(LIST)

    assert list(page.context["apps"]) == []
    assert b"Bob&#x27;s Bot" not in page.content


def test_it_invites_a_first_registration_when_there_are_no_apps(alice_client):
    page = alice_client.get(LIST)

    assert b"Register an app" in page.content
    assert b"/settings/developer/apps/new/" in page.content


def test_it_highlights_developer_apps_in_the_settings_nav(alice_client):
    page = alice_client.get(LIST)

    assert page.context["section"] == "developer"
    assert b'href="/settings/developer/apps/" aria-current="page"' in page.content


def test_it_requires_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
