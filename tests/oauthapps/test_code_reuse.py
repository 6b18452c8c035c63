"""An authorization code works once; a second use revokes what the first one got."""

from audit.models import AuditEvent

from .conftest import bearer


def test_a_code_can_be_exchanged_only_once(flow, alice):
    code = flow.code_for(alice)
    assert flow.exchange(code).status_code == 200

    again = flow.exchange(code)

    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_reusing_a_code_revokes_the_tokens_issued_from_it(flow, alice, client):
    code = flow.code_for(alice)
    first = flow.exchange(code).json()

    flow.exchange(code)

    assert client.get("/v1/users/me", **bearer(first["access_token"])).status_code == 401
    assert flow.refresh(first["refresh_token"]).json()["error"] == "invalid_grant"


def test_reusing_a_code_also_revokes_tokens_refreshed_from_it_since(flow, alice, client):
    code = flow.code_for(alice)
    first = flow.exchange(code).json()
    refreshed = flow.refresh(first["refresh_token"]).json()

    flow.exchange(code)

    assert client.get("/v1/users/me", **bearer(refreshed["access_token"])).status_code == 401
    assert flow.refresh(refreshed["refresh_token"]).status_code == 400


def test_reusing_one_code_leaves_other_authorizations_alone(flow, alice, client):
    reused = flow.code_for(alice)
    flow.exchange(reused)
    other = flow.tokens_for(alice)

    flow.exchange(reused)

    assert client.get("/v1/users/me", **bearer(other["access_token"])).status_code == 200


def test_a_reused_code_is_recorded_in_the_audit_log(flow, alice):
    code = flow.code_for(alice)
    flow.exchange(code)

    flow.exchange(code)

    event = AuditEvent.objects.get(action="oauth.code_reused")
    assert event.workspace == alice.workspaces.get()
    assert event.metadata["client_id"] == flow.app.client_id
