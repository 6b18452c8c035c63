"""OAuth access follows membership, as keys do."""

from accounts.services.members import member_change_role, member_remove
from audit.models import AuditEvent
from oauthapps.models import AccessToken, Consent, RefreshToken
from tests.oauthapps.conftest import bearer


def test_removing_a_member_revokes_the_tokens_they_gave_apps_for_that_workspace(
    alice, bob, workspace, flow, api_client
):
    tokens = flow.tokens_for(bob, workspace=workspace)
    assert api_client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 200

    member_remove(workspace=workspace, user=bob, actor=alice)

    assert api_client.get("/v1/users/me", **bearer(tokens["access_token"])).status_code == 401
    assert not AccessToken.objects.filter(user=bob, workspace=workspace).exists()
    assert not RefreshToken.objects.filter(user=bob, workspace=workspace, revoked=None).exists()
    assert not Consent.objects.filter(user=bob, workspace=workspace).exists()
    assert flow.refresh(tokens["refresh_token"]).status_code == 400
    event = AuditEvent.objects.get(action="oauth.authorization_revoked")
    assert event.metadata["reason"] == "member_removed"
    assert event.actor == alice


def test_a_demoted_admins_admin_scope_grants_nothing(
    alice, erin, workspace, make_flow, make_app, api_client
):
    flow = make_flow(*make_app(alice, first_party=True))
    tokens = flow.tokens_for(erin, workspace=workspace, scope="admin")
    logs = {"path": "/v1/audit-logs", **bearer(tokens["access_token"])}
    assert api_client.get(**logs).status_code == 200

    member_change_role(workspace=workspace, user=erin, role="member", actor=alice)

    assert api_client.get(**logs).status_code == 403
