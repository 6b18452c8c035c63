"""Members: who may change roles, remove, leave; a workspace always keeps its owner."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from accounts.models import Membership
from accounts.services.members import member_add, member_change_role, member_remove
from audit.models import AuditEvent


def role_of(user, workspace):
    return Membership.objects.get(user=user, workspace=workspace).role


def test_an_admin_promotes_a_member_and_the_change_is_an_event(erin, bob, workspace):
    member_change_role(workspace=workspace, user=bob, role="admin", actor=erin)

    assert role_of(bob, workspace) == "admin"
    event = AuditEvent.objects.get(action="member.role_changed")
    assert (event.actor, event.workspace, event.target_id) == (erin, workspace, bob.public_id)


def test_a_member_cannot_change_roles(bob, erin, workspace):
    with pytest.raises(PermissionDenied):
        member_change_role(workspace=workspace, user=erin, role="member", actor=bob)
    assert role_of(erin, workspace) == "admin"


def test_no_one_demotes_or_removes_the_owner(alice, erin, workspace):
    with pytest.raises(PermissionDenied):
        member_change_role(workspace=workspace, user=alice, role="member", actor=erin)
    with pytest.raises(PermissionDenied):
        member_remove(workspace=workspace, user=alice, actor=erin)
    with pytest.raises(PermissionDenied):
        member_remove(workspace=workspace, user=alice, actor=alice)
    assert role_of(alice, workspace) == "owner"


def test_owner_is_not_a_role_to_hand_out(alice, bob, workspace):
    with pytest.raises(ValidationError, match="transfer"):
        member_change_role(workspace=workspace, user=bob, role="owner", actor=alice)


def test_the_database_allows_one_owner_per_workspace(bob, workspace):
    with pytest.raises(IntegrityError):
        Membership.objects.filter(user=bob, workspace=workspace).update(role="owner")


def test_a_member_cannot_remove_anyone_but_may_leave(bob, erin, workspace):
    with pytest.raises(PermissionDenied):
        member_remove(workspace=workspace, user=erin, actor=bob)

    member_remove(workspace=workspace, user=bob, actor=bob)

    assert not Membership.objects.filter(user=bob, workspace=workspace).exists()
    assert AuditEvent.objects.filter(action="member.left", actor=bob).exists()


def test_an_outsider_can_do_nothing(charlie, bob, workspace):
    with pytest.raises(PermissionDenied):
        member_remove(workspace=workspace, user=bob, actor=charlie)
    with pytest.raises(PermissionDenied):
        member_change_role(workspace=workspace, user=bob, role="admin", actor=charlie)


def test_adding_someone_twice_is_a_clear_error(bob, workspace):
    with pytest.raises(ValidationError, match="already a member"):
        member_add(workspace=workspace, user=bob, role="member", actor=None)
