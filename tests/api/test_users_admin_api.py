"""/v1/users: the list pages; admins change roles and remove members, as on the Team page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Membership
from accounts.services import user_signup
from audit.models import AuditEvent
from tests.support import PASSWORD


def role_of(user, workspace):
    membership = Membership.objects.filter(user=user, workspace=workspace).first()
    return membership.role if membership else None


def test_the_list_pages_in_the_order_members_joined(alice, bob, workspace, key_client):
    with time_machine.travel(timezone.now() + timedelta(days=1), tick=False) as traveller:
        for name in ("erin", "frank"):
            traveller.shift(timedelta(minutes=1))
            user = user_signup(email=f"{name}@example.com", password=PASSWORD)
            Membership.objects.create(user=user, workspace=workspace)
    client = key_client(alice)

    first = client.get("/v1/users", {"limit": 3}).json()
    rest = client.get("/v1/users", {"limit": 3, "cursor": first["next_cursor"]}).json()

    assert [m["email"] for m in first["data"]] == [
        "alice@example.com",
        "bob@example.com",
        "erin@example.com",
    ]
    assert first["has_more"] is True
    assert [m["email"] for m in rest["data"]] == ["frank@example.com"]
    assert (rest["has_more"], rest["next_cursor"]) == (False, None)


def test_members_who_joined_in_the_same_instant_are_each_listed_once(alice, workspace, key_client):
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False):
        for number in range(5):
            user = user_signup(email=f"user{number}@example.com", password=PASSWORD)
            Membership.objects.create(user=user, workspace=workspace)
    client = key_client(alice)

    seen, cursor = [], None
    while True:
        page = client.get("/v1/users", {"limit": 2, **({"cursor": cursor} if cursor else {})})
        seen += [m["id"] for m in page.json()["data"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break

    assert len(seen) == len(set(seen)) == 6


def test_a_bad_cursor_is_a_validation_error(alice, key_client):
    response = key_client(alice).get("/v1/users", {"cursor": "nonsense"})

    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["details"]


def test_the_owner_makes_a_member_an_admin(alice, bob, workspace, admin_api):
    client = admin_api(alice)

    response = client.patch(f"/v1/users/{bob.public_id}", {"role": "admin"})

    assert response.status_code == 200
    assert response.json()["data"]["role"] == "admin"
    assert role_of(bob, workspace) == "admin"
    event = AuditEvent.objects.get(action="member.role_changed")
    assert event.metadata["credential"] == client.key.public_id


def test_demoting_an_admin_makes_their_admin_key_lose_the_audit_logs(
    alice, erin, workspace, admin_api
):
    adams = admin_api(erin)
    assert adams.get("/v1/audit-logs").status_code == 200

    response = admin_api(alice).patch(f"/v1/users/{erin.public_id}", {"role": "member"})

    assert response.status_code == 200
    refused = adams.get("/v1/audit-logs")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "insufficient_permissions"
    assert AuditEvent.objects.filter(action="member.role_changed").exists()


def test_an_admin_cannot_change_the_owners_role(alice, erin, workspace, admin_api):
    response = admin_api(erin).patch(f"/v1/users/{alice.public_id}", {"role": "member"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"
    assert role_of(alice, workspace) == "owner"


def test_ownership_is_not_given_through_the_api(alice, bob, workspace, admin_api):
    response = admin_api(alice).patch(f"/v1/users/{bob.public_id}", {"role": "owner"})

    assert response.status_code == 400
    assert "transfer" in response.json()["error"]["details"]["role"][0]
    assert role_of(bob, workspace) == "member"


@pytest.mark.parametrize("body", [{}, {"role": "admin", "email": "x@example.com"}])
def test_a_role_change_needs_exactly_a_role(alice, bob, workspace, admin_api, body):
    response = admin_api(alice).patch(f"/v1/users/{bob.public_id}", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"
    assert role_of(bob, workspace) == "member"


@pytest.mark.parametrize("permissions", [["read"], ["read", "write", "delete"]])
def test_keys_without_admin_cannot_change_or_remove_members(
    alice, bob, workspace, key_client, permissions
):
    client = key_client(alice, permissions=permissions)

    assert client.patch(f"/v1/users/{bob.public_id}", {"role": "admin"}).status_code == 403
    assert client.delete(f"/v1/users/{bob.public_id}").status_code == 403
    assert role_of(bob, workspace) == "member"


def test_removing_a_member_makes_their_key_fail_on_its_next_request(
    alice, bob, workspace, admin_api, key_client
):
    bobs = key_client(bob, permissions=["read"], workspace=workspace)
    assert bobs.get("/v1/users/me").status_code == 200
    client = admin_api(alice)

    response = client.delete(f"/v1/users/{bob.public_id}")

    assert response.status_code == 204
    assert role_of(bob, workspace) is None
    refused = bobs.get("/v1/users/me")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    removed = AuditEvent.objects.get(action="member.removed")
    assert removed.metadata["credential"] == client.key.public_id
    revoked = AuditEvent.objects.get(action="api_key.revoked", target_id=bobs.key.public_id)
    assert revoked.metadata["credential"] == client.key.public_id


def test_an_admin_removing_themself_leaves(erin, workspace, admin_api):
    response = admin_api(erin).delete(f"/v1/users/{erin.public_id}")

    assert response.status_code == 204
    assert role_of(erin, workspace) is None
    assert AuditEvent.objects.filter(action="member.left").exists()


def test_the_owner_cannot_be_removed(alice, erin, workspace, admin_api):
    for client in (admin_api(erin), admin_api(alice)):
        response = client.delete(f"/v1/users/{alice.public_id}")

        assert response.status_code == 403
    assert role_of(alice, workspace) == "owner"


def test_people_outside_the_workspace_are_not_found(alice, charlie, admin_api):
    client = admin_api(alice)

    for user_id in (charlie.public_id, "usr_nobody"):
        assert client.patch(f"/v1/users/{user_id}", {"role": "admin"}).status_code == 404
        response = client.delete(f"/v1/users/{user_id}")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_an_outsiders_admin_key_cannot_reach_another_workspaces_members(bob, charlie, key_client):
    outsider = key_client(charlie, permissions=["admin"])

    assert outsider.delete(f"/v1/users/{bob.public_id}").status_code == 404


def test_a_page_of_members_costs_the_same_queries_however_many_it_holds(
    alice, workspace, key_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = key_client(alice)

    def queries_for_a_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/v1/users").status_code == 200
        return len(captured)

    queries_for_a_page()  # the key's first use records it; later ones within the minute don't
    few = queries_for_a_page()
    for number in range(5):
        user = user_signup(email=f"user{number}@example.com", password=PASSWORD)
        Membership.objects.create(user=user, workspace=workspace)

    assert queries_for_a_page() == few


def test_a_refusal_by_a_workspace_rule_says_which_rule(alice, erin, admin_api):
    response = admin_api(erin).delete(f"/v1/users/{alice.public_id}")

    assert response.json() == {
        "error": {
            "code": "insufficient_permissions",
            "message": "Insufficient permissions",
            "status": 403,
            "reason": "The owner cannot leave or be removed; "
            "transfer ownership to someone else first.",
        }
    }
