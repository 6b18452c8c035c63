"""/v1/workspace: read and rename the credential's workspace, admins only."""

import pytest

from audit.models import AuditEvent


def test_an_admin_key_reads_its_workspace(alice, workspace, admin_api):
    response = admin_api(alice).get("/v1/workspace")

    assert response.status_code == 200
    assert response.json() == {
        "data": {
            "id": workspace.public_id,
            "name": workspace.name,
            "created_at": workspace.created_at.isoformat().replace("+00:00", "Z"),
        }
    }


def test_the_owner_renames_the_workspace(alice, workspace, admin_api):
    response = admin_api(alice).patch("/v1/workspace", {"name": "  Acme   Inc "})

    assert response.status_code == 200
    assert response.json()["data"]["name"] == "Acme Inc"
    workspace.refresh_from_db()
    assert workspace.name == "Acme Inc"


def test_an_admin_renames_it_too(erin, workspace, admin_api):
    response = admin_api(erin).patch("/v1/workspace", {"name": "Renamed by Erin"})

    assert response.status_code == 200
    workspace.refresh_from_db()
    assert workspace.name == "Renamed by Erin"


def test_the_rename_event_names_the_key_that_made_it(alice, workspace, admin_api):
    client = admin_api(alice)

    client.patch("/v1/workspace", {"name": "Acme"})

    event = AuditEvent.objects.get(action="workspace.renamed")
    assert event.actor == alice
    assert event.metadata["credential"] == client.key.public_id
    assert event.metadata["via"] == "api"
    assert event.metadata["changes"]["name"]["to"] == "Acme"


@pytest.mark.parametrize("permissions", [["read"], ["read", "write", "delete"]])
@pytest.mark.parametrize("method", ["get", "patch"])
def test_keys_without_admin_are_refused(alice, key_client, permissions, method):
    client = key_client(alice, permissions=permissions)

    response = getattr(client, method)("/v1/workspace", {"name": "Nope"})

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"


def test_a_members_key_is_refused(bob, workspace, key_client):
    client = key_client(bob, permissions=["read", "write", "delete"], workspace=workspace)

    assert client.patch("/v1/workspace", {"name": "Bob's now"}).status_code == 403
    workspace.refresh_from_db()
    assert workspace.name != "Bob's now"


def test_a_blank_name_is_a_validation_error_naming_the_field(alice, admin_api):
    response = admin_api(alice).patch("/v1/workspace", {"name": "   "})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert "name" in error["details"]


def test_a_missing_name_is_a_validation_error(alice, admin_api):
    response = admin_api(alice).patch("/v1/workspace", {})

    assert response.status_code == 400
    assert "name" in response.json()["error"]["details"]


def test_unknown_fields_are_refused(alice, workspace, admin_api):
    response = admin_api(alice).patch("/v1/workspace", {"name": "Acme", "owner": "usr_x"})

    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"owner": ["Unknown field."]}
    workspace.refresh_from_db()
    assert workspace.name != "Acme"


def test_it_needs_a_credential(db, api_client):
    response = api_client.get("/v1/workspace/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
