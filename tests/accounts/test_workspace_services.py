"""Workspaces: every user has one; rename, transfer ownership, delete."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from accounts.models import Membership, User, Workspace
from accounts.services.workspaces import (
    workspace_create,
    workspace_delete,
    workspace_rename,
    workspace_transfer,
)
from api.models import Module
from audit.models import AuditEvent


def test_create_user_gives_the_user_a_workspace_they_own(db):
    user = User.objects.create_user("gina@example.com", name="Gina")

    membership = Membership.objects.get(user=user)
    assert membership.role == "owner"
    assert membership.workspace.name == "Gina's workspace"
    assert Module.objects.filter(workspace=membership.workspace, slug="contacts").exists()


def test_create_superuser_does_too(db):
    user = User.objects.create_superuser("root@example.com", password="x" * 12)

    assert Membership.objects.get(user=user).workspace.name == "root's workspace"


def test_the_data_migration_gives_existing_users_without_one_a_workspace(db):
    orphan = User.objects.create_user("old@example.com", name="Old Timer")
    Workspace.objects.filter(memberships__user=orphan).delete()
    migration = importlib.import_module("accounts.migrations.0003_every_user_has_a_workspace")

    migration.give_each_user_a_workspace(django_apps, None)

    assert Membership.objects.get(user=orphan).role == "owner"


def test_an_admin_renames_the_workspace_and_it_is_an_event(alice, bob, workspace):
    Membership.objects.filter(user=bob).update(role="admin")

    workspace_rename(workspace=workspace, actor=bob, name="  Acme   Corp ")

    workspace.refresh_from_db()
    assert workspace.name == "Acme Corp"
    event = AuditEvent.objects.get(action="workspace.renamed")
    assert event.metadata["changes"]["name"]["to"] == "Acme Corp"


def test_a_member_cannot_rename_and_a_blank_name_is_refused(alice, bob, workspace):
    with pytest.raises(PermissionDenied):
        workspace_rename(workspace=workspace, actor=bob, name="Mine now")
    with pytest.raises(ValidationError):
        workspace_rename(workspace=workspace, actor=alice, name="   ")


def test_the_owner_transfers_ownership_and_stays_as_admin(alice, bob, workspace):
    workspace_transfer(workspace=workspace, actor=alice, new_owner=bob)

    roles = dict(Membership.objects.filter(workspace=workspace).values_list("user__email", "role"))
    assert roles == {"alice@example.com": "admin", "bob@example.com": "owner"}
    assert AuditEvent.objects.filter(action="workspace.ownership_transferred").exists()


def test_only_the_owner_transfers_and_only_to_a_member(alice, bob, charlie, workspace):
    Membership.objects.filter(user=bob).update(role="admin")
    with pytest.raises(PermissionDenied):
        workspace_transfer(workspace=workspace, actor=bob, new_owner=bob)
    with pytest.raises(ValidationError):
        workspace_transfer(workspace=workspace, actor=alice, new_owner=charlie)


def test_deleting_needs_the_typed_name_and_takes_the_keys_with_it(alice, workspace, make_key):
    workspace_create(owner=alice, name="Spare")
    _, raw = make_key(alice, workspace=workspace)

    with pytest.raises(ValidationError):
        workspace_delete(workspace=workspace, actor=alice, confirm="yes")
    workspace_delete(workspace=workspace, actor=alice, confirm=workspace.name)

    assert not Workspace.objects.filter(pk=workspace.pk).exists()
    response = APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    event = AuditEvent.objects.get(action="workspace.deleted")
    assert (event.actor, event.target_label) == (alice, "Alice Owner's workspace")


def test_nobody_deletes_their_only_workspace_nor_someone_elses(alice, bob, workspace):
    with pytest.raises(PermissionDenied, match="only workspace"):
        workspace_delete(workspace=workspace, actor=alice, confirm=workspace.name)
    with pytest.raises(PermissionDenied):
        workspace_delete(workspace=workspace, actor=bob, confirm=workspace.name)
    assert Workspace.objects.filter(pk=workspace.pk).exists()
