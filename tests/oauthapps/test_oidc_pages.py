"""Settings pages that know OpenID Connect: Authorized apps says in plain words what
signing in shared; Developer apps names the discovery document and the scopes."""

from oauthapps.services.applications import application_create


def test_authorized_apps_lists_the_identity_scopes_in_plain_words(flow, alice):
    flow.code_for(alice, scope="openid profile email")

    page = flow.browser.get("/settings/apps/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Zapier" in html
    assert "Sign you in with your Coherence account" in html
    assert "See your name" in html
    assert "See your email address" in html


def test_the_developer_page_names_discovery_and_the_identity_scopes(client, alice):
    app, _secret = application_create(
        user=alice, name="Acme", redirect_uris="https://acme.example/cb", client_type="public"
    )
    client.force_login(alice)

    page = client.get(f"/settings/developer/apps/{app.pk}/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "http://testserver/.well-known/openid-configuration" in html
    for scope in ("openid", "profile", "email", "read"):
        assert f'<span class="badge perm">{scope}</span>' in html
    assert '<span class="badge perm">admin</span>' not in html  # first-party apps only
