from accounts.models import Membership, User, Workspace
from audit.models import AuditEvent
from tests.support import use_workspace


def role_of(user, workspace):
    return Membership.objects.get(user=user, workspace=workspace).role


def test_the_owner_sees_rename_transfer_and_delete(as_alice, bob):
    page = as_alice.get("/settings/workspace/")

    assert page.status_code == 200
    assert 'action="/settings/workspace/rename/"' in page.text
    assert 'action="/settings/workspace/transfer/"' in page.text
    assert f'value="{bob.public_id}"' in page.text
    assert 'action="/settings/workspace/delete/"' in page.text


def test_an_admin_may_rename_but_not_transfer_or_delete(as_bob, make_admin, bob):
    make_admin(bob)

    page = as_bob.get("/settings/workspace/")

    assert 'action="/settings/workspace/rename/"' in page.text
    assert "/settings/workspace/transfer/" not in page.text
    assert "/settings/workspace/delete/" not in page.text


def test_a_member_sees_the_name_read_only(as_bob):
    page = as_bob.get("/settings/workspace/")

    assert "Alice Owner&#x27;s workspace" in page.text
    assert "/settings/workspace/rename/" not in page.text
    assert "Only the workspace's owner and admins can rename it." in page.text


def test_an_admin_renames_the_workspace(as_bob, make_admin, bob, workspace):
    make_admin(bob)

    response = as_bob.post("/settings/workspace/rename/", {"name": "  Acme   Inc "}, follow=True)

    workspace.refresh_from_db()
    assert workspace.name == "Acme Inc"
    assert "Renamed the workspace to “Acme Inc”." in response.text
    event = AuditEvent.objects.get(action="workspace.renamed")
    assert event.actor == bob
    assert event.metadata["changes"]["name"] == {
        "from": "Alice Owner's workspace",
        "to": "Acme Inc",
    }


def test_a_members_forged_rename_is_refused(as_bob, workspace):
    response = as_bob.post("/settings/workspace/rename/", {"name": "Mine now"}, follow=True)

    assert "Only the workspace&#x27;s owners and admins can do that." in response.text
    workspace.refresh_from_db()
    assert workspace.name == "Alice Owner's workspace"


def test_a_blank_name_is_refused(as_alice, workspace):
    response = as_alice.post("/settings/workspace/rename/", {"name": "   "})

    assert response.status_code == 400
    workspace.refresh_from_db()
    assert workspace.name == "Alice Owner's workspace"


def test_the_owner_transfers_ownership_and_stays_an_admin(as_alice, alice, bob, workspace):
    response = as_alice.post("/settings/workspace/transfer/", {"user": bob.public_id}, follow=True)

    assert "Bob Member now owns" in response.text
    assert role_of(bob, workspace) == "owner"
    assert role_of(alice, workspace) == "admin"
    assert "/settings/workspace/transfer/" not in response.text
    event = AuditEvent.objects.get(action="workspace.ownership_transferred")
    assert event.actor == alice and event.metadata["to"] == "bob@example.com"


def test_the_transfer_form_asks_for_confirmation(as_alice, bob):
    page = as_alice.get("/settings/workspace/")

    assert 'data-confirm="Transfer ownership of' in page.text


def test_an_admins_forged_transfer_is_refused(as_bob, make_admin, alice, bob, workspace):
    make_admin(bob)

    response = as_bob.post("/settings/workspace/transfer/", {"user": alice.public_id}, follow=True)

    assert "Only the workspace&#x27;s owner can do that." in response.text
    assert role_of(alice, workspace) == "owner"


def test_ownership_goes_only_to_a_member(as_alice, charlie, workspace, alice):
    response = as_alice.post("/settings/workspace/transfer/", {"user": charlie.public_id})

    assert response.status_code == 400
    assert role_of(alice, workspace) == "owner"


def test_deleting_with_the_wrong_name_is_refused(client, alice, bob, workspace):
    client.force_login(alice)
    Workspace.objects.create(name="Spare")  # not hers; her only workspace stays alice's own
    response = client.post("/settings/workspace/delete/", {"confirm": "alice's workspace"})

    assert response.status_code == 400
    assert "Type the workspace&#x27;s name exactly to delete it." in response.text
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_deleting_with_the_right_name_deletes_and_falls_back(client, bob, workspace):
    team = Workspace.objects.create(name="Side project")
    Membership.objects.create(user=bob, workspace=team, role="owner")
    client.force_login(bob)
    use_workspace(client, team)

    response = client.post("/settings/workspace/delete/", {"confirm": "Side project"})
    after = client.get("/settings/api/")

    assert response.headers["Location"] == "/settings/api/"
    assert not Workspace.objects.filter(pk=team.pk).exists()
    assert after.status_code == 200
    assert after.context["request"].workspaces.workspace.name == "Bob Member's workspace"
    event = AuditEvent.objects.get(action="workspace.deleted")
    assert event.actor == bob and event.metadata["name"] == "Side project"


def test_the_owner_cannot_delete_their_only_workspace(as_alice, workspace):
    response = as_alice.post("/settings/workspace/delete/", {"confirm": "Alice Owner's workspace"})

    assert response.status_code == 400
    assert "This is your only workspace." in response.text
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_a_members_forged_delete_is_refused(as_bob, workspace):
    response = as_bob.post(
        "/settings/workspace/delete/", {"confirm": "Alice Owner's workspace"}, follow=True
    )

    assert "Only the workspace&#x27;s owner can do that." in response.text
    assert Workspace.objects.filter(pk=workspace.pk).exists()


def test_someone_without_a_workspace_is_sent_to_create_one(client, db):
    user = User.objects.create_user("dana@example.com", password="x")
    Workspace.objects.filter(memberships__user=user).delete()
    client.force_login(user)

    team = client.get("/settings/team/")
    settings = client.get("/settings/workspace/")
    new = client.get("/settings/workspace/new/")

    assert team.headers["Location"] == "/settings/workspace/new/"
    assert settings.headers["Location"] == "/settings/workspace/new/"
    assert new.status_code == 200
    assert "No workspace" in new.text
