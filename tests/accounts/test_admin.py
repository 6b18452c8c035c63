"""Staff manage a workspace's members in the admin through the same services as the
team page: each change is an event naming them, and a removal ends the member's keys."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from accounts.models import Membership, User
from accounts.policy import require_manager
from audit.models import AuditEvent


def change_url(workspace) -> str:
    return f"/admin/accounts/workspace/{workspace.pk}/change/"


def rows(workspace, **changes) -> list[dict]:
    """The membership inline's rows as the change form posts them, oldest first;
    `changes` maps a member's email to the fields to post differently."""
    found = []
    for membership in Membership.objects.filter(workspace=workspace).order_by("pk"):
        row = {"id": membership.pk, "user": membership.user.pk, "role": membership.role}
        found.append({**row, **changes.get(membership.user.email, {})})
    return found


def post_workspace(client, workspace, existing, new=()):
    """POST the workspace's change form with its membership inline (prefix "memberships")."""
    forms = [*existing, *new]
    data = {
        "name": workspace.name,
        "memberships-TOTAL_FORMS": str(len(forms)),
        "memberships-INITIAL_FORMS": str(len(existing)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    for index, row in enumerate(forms):
        prefix = f"memberships-{index}-"
        data[f"{prefix}id"] = row.get("id", "")
        data[f"{prefix}workspace"] = workspace.pk
        data[f"{prefix}user"] = row["user"]
        data[f"{prefix}role"] = row["role"]
        if row.get("DELETE"):
            data[f"{prefix}DELETE"] = "on"
    return client.post(change_url(workspace), data, follow=True)


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def me(raw: str):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_change_form_lists_the_members(staff, alice, bob):
    html = staff.get(change_url(alice.workspaces.get())).content.decode()

    assert 'name="memberships-TOTAL_FORMS"' in html
    assert "bob@example.com" in html


def test_staff_add_a_member_and_the_event_names_them(staff, alice, charlie):
    workspace = alice.workspaces.get()

    response = post_workspace(
        staff, workspace, rows(workspace), new=[{"user": charlie.pk, "role": "member"}]
    )

    assert response.status_code == 200
    assert Membership.objects.get(workspace=workspace, user=charlie).role == "member"
    event = AuditEvent.objects.get(action="member.joined", workspace=workspace)
    assert event.actor == staff.user
    assert event.target_id == charlie.public_id
    assert event.metadata["added_by"] == staff.user.email
    assert event.metadata["via"] == "admin"


def test_staff_change_a_members_role_and_the_event_names_them(staff, alice, bob):
    workspace = alice.workspaces.get()

    post_workspace(staff, workspace, rows(workspace, **{bob.email: {"role": "admin"}}))

    assert Membership.objects.get(workspace=workspace, user=bob).role == "admin"
    event = AuditEvent.objects.get(action="member.role_changed")
    assert event.actor == staff.user
    assert event.metadata["changes"] == {"role": {"from": "member", "to": "admin"}}
    assert event.metadata["via"] == "admin"


def test_removing_a_member_in_the_admin_revokes_their_keys(staff, alice, bob, make_key):
    workspace = alice.workspaces.get()
    key, raw = make_key(bob, workspace=workspace)
    assert me(raw).status_code == 200

    post_workspace(staff, workspace, rows(workspace, **{bob.email: {"DELETE": True}}))

    assert not Membership.objects.filter(workspace=workspace, user=bob).exists()
    assert me(raw).status_code == 401
    removed = AuditEvent.objects.get(action="member.removed")
    assert (removed.actor, removed.target_id) == (staff.user, bob.public_id)
    assert removed.metadata["via"] == "admin"
    revoked = AuditEvent.objects.get(action="api_key.revoked", target_id=key.public_id)
    assert revoked.actor == staff.user
    assert revoked.metadata["reason"] == "member_removed"


def test_the_owner_cannot_be_removed_in_the_admin(staff, alice, bob):
    workspace = alice.workspaces.get()

    response = post_workspace(staff, workspace, rows(workspace, **{alice.email: {"DELETE": True}}))

    assert response.status_code == 200
    assert Membership.objects.get(workspace=workspace, user=alice).role == "owner"
    assert any("transfer ownership" in text for text in page_messages(response))
    assert not AuditEvent.objects.filter(action="member.removed").exists()


def test_the_owners_role_cannot_be_changed_in_the_admin(staff, alice):
    workspace = alice.workspaces.get()

    response = post_workspace(staff, workspace, rows(workspace, **{alice.email: {"role": "admin"}}))

    assert response.status_code == 200
    assert Membership.objects.get(workspace=workspace, user=alice).role == "owner"
    assert any("transfer ownership" in text for text in page_messages(response))


def test_nobody_is_made_owner_in_the_admin(staff, alice, bob, charlie):
    workspace = alice.workspaces.get()

    response = post_workspace(
        staff,
        workspace,
        rows(workspace, **{bob.email: {"role": "owner"}}),
        new=[{"user": charlie.pk, "role": "owner"}],
    )

    assert response.status_code == 200
    roles = dict(Membership.objects.filter(workspace=workspace).values_list("user__email", "role"))
    assert roles == {alice.email: "owner", bob.email: "member"}
    assert sum("transfer ownership" in text for text in page_messages(response)) == 2
    assert not AuditEvent.objects.filter(action__startswith="member.").exists()


def test_staff_with_the_membership_permission_manage_any_workspace(alice, db):
    staff = User.objects.create_user("support@example.com", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="change_membership"))

    assert require_manager(User.objects.get(pk=staff.pk), alice.workspaces.get()) is None


@pytest.mark.parametrize(
    "is_staff, is_active, permission",
    [(True, True, None), (False, True, "change_membership"), (True, False, "change_membership")],
)
def test_other_outsiders_do_not_manage_a_workspace(alice, db, is_staff, is_active, permission):
    from django.core.exceptions import PermissionDenied

    user = User.objects.create_user("someone@example.com", is_staff=is_staff, is_active=is_active)
    if permission:
        user.user_permissions.add(Permission.objects.get(codename=permission))

    with pytest.raises(PermissionDenied):
        require_manager(User.objects.get(pk=user.pk), alice.workspaces.get())
