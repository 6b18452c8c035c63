"""authorization_revoke and authorized_apps_for: what Settings > Authorized apps uses."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from oauthapps.models import AccessToken, Consent, RefreshToken
from oauthapps.selectors import authorized_apps_for
from oauthapps.services.authorizations import authorization_revoke

from .conftest import bearer


def test_revoking_takes_every_token_of_the_app_for_that_user_at_once(flow, alice, client):
    first = flow.tokens_for(alice)
    second = flow.tokens_for(alice)

    revoked = authorization_revoke(user=alice, application=flow.app, actor=alice)

    assert revoked == 4
    for token in (first["access_token"], second["access_token"]):
        assert client.get("/v1/users/me", **bearer(token)).status_code == 401
    assert flow.refresh(second["refresh_token"]).status_code == 400
    assert not Consent.objects.exists()
    assert not AccessToken.objects.exists()
    assert not RefreshToken.objects.filter(revoked__isnull=True).exists()


def test_revoking_costs_the_same_queries_for_one_token_or_many(flow, alice, bob):
    def queries_to_revoke(user):
        with CaptureQueriesContext(connection) as queries:
            authorization_revoke(user=user, application=flow.app, actor=user)
        return len(queries.captured_queries)

    flow.tokens_for(alice)
    for _ in range(5):
        flow.tokens_for(bob, workspace=bob.workspaces.order_by("id").first())

    assert queries_to_revoke(alice) == queries_to_revoke(bob)


def test_revoking_leaves_other_users_alone(flow, alice, bob, client):
    theirs = flow.tokens_for(bob, workspace=alice.workspaces.get())
    flow.tokens_for(alice)

    authorization_revoke(user=alice, application=flow.app, actor=alice)

    assert client.get("/v1/users/me", **bearer(theirs["access_token"])).status_code == 200


def test_revoking_is_audited_in_the_workspace(flow, alice):
    flow.tokens_for(alice)

    authorization_revoke(user=alice, application=flow.app, actor=alice)

    event = AuditEvent.objects.get(action="oauth.authorization_revoked")
    assert event.workspace == alice.workspaces.get()
    assert event.metadata["client_id"] == flow.app.client_id


def test_authorized_apps_lists_each_app_once_with_its_scopes_and_last_use(flow, alice, bob, client):
    token = flow.tokens_for(bob, workspace=alice.workspaces.get(), scope="read")["access_token"]
    flow.tokens_for(
        bob, workspace=bob.workspaces.exclude(name__startswith="Alice").get(), scope="write"
    )
    client.get("/v1/users/me", **bearer(token))

    [entry] = authorized_apps_for(bob)

    assert entry.application == flow.app
    assert entry.scopes == ["read", "write"]
    assert entry.first_authorized_at is not None
    assert entry.last_used_at is not None
    assert len(entry.workspaces) == 2


def test_last_use_survives_a_refresh(flow, alice, client):
    tokens = flow.tokens_for(alice)
    client.get("/v1/users/me", **bearer(tokens["access_token"]))

    flow.refresh(tokens["refresh_token"])

    assert authorized_apps_for(alice)[0].last_used_at is not None
