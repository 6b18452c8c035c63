from django.core.management import call_command

from accounts.services import user_signup, workspace_create
from api.models import Module


def test_the_specs_example_call_lists_contacts_with_a_live_key(alice, key_client):
    client = key_client(alice, permissions=["read"], livemode=True)
    assert client.raw_key.startswith("ck_live_")

    response = client.get("/v1/modules/contacts/records")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"data": [], "has_more": False, "next_cursor": None}


def test_every_new_workspace_gets_a_contacts_module(alice, key_client):
    workspace = workspace_create(owner=alice, name="Side project")
    client = key_client(alice, workspace=workspace)

    assert client.get("/v1/modules/contacts/records").status_code == 200
    assert list(workspace.modules.values_list("slug", flat=True)) == ["contacts"]


def test_a_migration_gives_existing_workspaces_their_contacts_module(transactional_db):
    user = user_signup(email="dora@example.com", password="irrelevant", name="Dora")
    workspace = user.workspaces.get()
    Module.objects.filter(workspace=workspace).delete()  # as if made before modules existed

    call_command("migrate", "api", "0001", verbosity=0)
    call_command("migrate", "api", verbosity=0)

    assert workspace.modules.filter(slug="contacts").count() == 1


def test_the_migration_leaves_workspaces_that_have_contacts_alone(transactional_db):
    alice = user_signup(email="alice@example.com", password="irrelevant", name="Alice")
    call_command("migrate", "api", "0001", verbosity=0)
    call_command("migrate", "api", verbosity=0)

    assert alice.workspaces.get().modules.filter(slug="contacts").count() == 1
