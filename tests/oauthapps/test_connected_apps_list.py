from datetime import UTC, datetime, timedelta

import time_machine
from django.utils.html import escape

from oauthapps.services.applications import application_create
from oauthapps.services.authorizations import authorization_grant
from tests.support import issue_access_token, use_workspace

LIST = "/settings/apps/"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def register(user, name):
    app, _ = application_create(
        user=user, name=name, redirect_uris="https://app.example/cb", client_type="confidential"
    )
    return app


def token(user, app, workspace, *, last_used_at=None):
    return issue_access_token(
        user, app, workspace, expires=NOW + timedelta(hours=1), last_used_at=last_used_at
    )


@time_machine.travel(NOW, tick=False)
def test_it_lists_the_apps_authorized_in_the_current_workspace(bob_client, alice, bob):
    app, other = register(alice, "Acme Sync"), register(alice, "Zeta Reports")
    alices, bobs = bob.workspaces.order_by("id")
    authorization_grant(user=bob, application=app, workspace=alices, scopes=["read"])
    authorization_grant(user=bob, application=app, workspace=alices, scopes=["email:send"])
    authorization_grant(user=bob, application=other, workspace=bobs, scopes=["read"])

    page = bob_client.get(LIST)

    [entry] = page.context["entries"]
    assert entry.application == app
    assert entry.scopes == ["read", "email:send"]
    html = page.content.decode()
    assert html.count("Acme Sync") == 1
    assert f"in {escape(alices.name)}" in html
    assert "Zeta Reports" not in html
    assert "Zeta Reports" in use_workspace(bob_client, bobs).get(LIST).content.decode()


def test_it_describes_each_scope_in_plain_words(bob_client, alice, bob):
    app = register(alice, "Acme Sync")
    authorization_grant(
        user=bob, application=app, workspace=bob.workspaces.first(), scopes=["read", "email:send"]
    )

    html = bob_client.get(LIST).content.decode()

    assert "Read all data you can access" in html
    assert "Send email on your behalf" in html
    assert "Create and update records" not in html


def test_it_shows_who_made_the_app(bob_client, alice, bob):
    app = register(alice, "Acme Sync")
    authorization_grant(
        user=bob, application=app, workspace=bob.workspaces.first(), scopes=["read"]
    )

    assert b"by Alice Owner" in bob_client.get(LIST).content


def test_it_shows_when_the_app_was_authorized_and_last_used(bob_client, alice, bob):
    used, unused = register(alice, "Acme Sync"), register(alice, "Zeta Reports")
    workspace = bob.workspaces.first()
    with time_machine.travel(NOW, tick=False):
        authorization_grant(user=bob, application=used, workspace=workspace, scopes=["read"])
        authorization_grant(user=bob, application=unused, workspace=workspace, scopes=["read"])
        token(bob, used, workspace, last_used_at=NOW + timedelta(days=1))

    with time_machine.travel(NOW + timedelta(days=1, hours=2), tick=False):
        page = bob_client.get(LIST)

    first, second = page.context["entries"]
    assert (first.application, second.application) == (used, unused)
    html = page.content.decode()
    assert html.count("Authorized Mar 2, 2026") == 2
    assert "Last used 2\xa0hours ago" in html
    assert "Never used" in html


def test_it_lists_only_this_users_authorizations(bob_client, alice, charlie):
    app = register(alice, "Acme Sync")
    authorization_grant(
        user=charlie, application=app, workspace=charlie.workspaces.first(), scopes=["read"]
    )

    page = bob_client.get(LIST)

    assert page.context["entries"] == []
    assert b"Acme Sync" not in page.content


def test_it_explains_the_page_when_no_app_is_authorized(bob_client):
    page = bob_client.get(LIST)

    assert page.status_code == 200
    assert b"No authorized apps" in page.content
    assert b"revoke their access at any time" in page.content


def test_it_highlights_authorized_apps_in_the_settings_nav(bob_client):
    page = bob_client.get(LIST)

    assert page.context["section"] == "authorized"
    assert b'href="/settings/apps/" aria-current="page"' in page.content


def test_it_requires_login(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
