"""A key acts as its creator: it lives as long as their membership (DESIGN: Teams)."""

from rest_framework.test import APIClient

from accounts.models import Membership
from accounts.services.members import member_change_role, member_remove
from apikeys.models import ApiKey, RevokedVia
from audit.models import AuditEvent


def bearer(raw: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_removing_a_member_makes_their_key_answer_401_on_its_next_request(
    alice, bob, workspace, make_key
):
    key, raw = make_key(bob, workspace=workspace, permissions=["read", "write"])
    assert bearer(raw).get("/v1/users/me").status_code == 200

    member_remove(workspace=workspace, user=bob, actor=alice)

    response = bearer(raw).get("/v1/users/me")
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid API key provided"
    key.refresh_from_db()
    assert key.revoked_via == RevokedVia.MEMBER_REMOVED
    assert key.revoked_by == alice
    event = AuditEvent.objects.get(action="api_key.revoked", target_id=key.public_id)
    assert event.actor == alice
    assert event.metadata["reason"] == "member_removed"
    assert AuditEvent.objects.filter(action="member.removed", target_id=bob.public_id).exists()


def test_their_keys_in_other_workspaces_keep_working(alice, bob, workspace, make_key):
    _, elsewhere = make_key(bob, workspace=bob.workspaces.exclude(pk=workspace.pk).get())

    member_remove(workspace=workspace, user=bob, actor=alice)

    assert bearer(elsewhere).get("/v1/users/me").status_code == 200


def test_leaving_revokes_ones_own_keys_there(bob, workspace, make_key):
    key, raw = make_key(bob, workspace=workspace)

    member_remove(workspace=workspace, user=bob, actor=bob)

    assert bearer(raw).get("/v1/users/me").status_code == 401
    key.refresh_from_db()
    assert key.revoked_via == RevokedVia.MEMBER_LEFT
    assert AuditEvent.objects.filter(action="member.left", actor=bob).exists()


def test_demoting_an_admin_makes_their_admin_key_answer_403_on_audit_logs(
    alice, erin, workspace, make_key
):
    key, raw = make_key(erin, workspace=workspace, permissions=["admin"])
    assert bearer(raw).get("/v1/audit-logs").status_code == 200

    member_change_role(workspace=workspace, user=erin, role="member", actor=alice)

    response = bearer(raw).get("/v1/audit-logs")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"
    assert bearer(raw).get("/v1/modules/contacts/records").status_code == 200
    key.refresh_from_db()
    assert key.permissions == ["read", "write", "delete"]
    event = AuditEvent.objects.get(action="api_key.updated", target_id=key.public_id)
    assert event.metadata["reason"] == "role_changed"
    assert event.actor == alice
    changed = AuditEvent.objects.get(action="member.role_changed")
    assert changed.metadata["changes"] == {"role": {"from": "admin", "to": "member"}}


def test_the_verify_query_refuses_a_key_whose_creator_left_even_without_the_revocation(
    bob, workspace, make_key, django_assert_num_queries
):
    """Defence in depth: the membership is checked in the key's own lookup query."""
    _, raw = make_key(bob, workspace=workspace)
    Membership.objects.filter(user=bob, workspace=workspace).delete()  # bypassing the service

    with django_assert_num_queries(1):
        assert ApiKey.objects.verify(raw) is None
    assert bearer(raw).get("/v1/users/me").status_code == 401


def test_an_admin_key_whose_creator_lost_the_role_grants_no_admin_even_unstripped(
    erin, workspace, make_key
):
    _, raw = make_key(erin, workspace=workspace, permissions=["admin"])
    Membership.objects.filter(user=erin).update(role="member")  # bypassing the service

    assert bearer(raw).get("/v1/audit-logs").status_code == 403
    assert bearer(raw).get("/v1/users/me").status_code == 200


def test_a_verified_key_costs_one_query_with_the_membership_joined(
    alice, make_key, django_assert_num_queries
):
    _, raw = make_key(alice)

    with django_assert_num_queries(1):
        key = ApiKey.objects.verify(raw)
    assert key.creator_role == "owner"
