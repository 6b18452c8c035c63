"""GET /v1/users: the members of the credential's workspace."""


def test_it_lists_the_members_of_the_keys_workspace(alice, bob, key_client):
    response = key_client(alice).get("/v1/users")

    assert response.status_code == 200
    members = {m["email"]: m for m in response.json()["data"]}
    assert set(members) == {"alice@example.com", "bob@example.com"}
    assert members["alice@example.com"]["role"] == "owner"
    assert members["bob@example.com"]["id"] == bob.public_id
    assert response.json()["has_more"] is False


def test_it_never_lists_people_of_other_workspaces(alice, charlie, key_client):
    response = key_client(charlie).get("/v1/users")

    assert [m["email"] for m in response.json()["data"]] == ["charlie@example.com"]


def test_any_valid_key_may_list_members(alice, key_client):
    response = key_client(alice, permissions=("delete",)).get("/v1/users")

    assert response.status_code == 200


def test_it_needs_a_credential(db, api_client):
    assert api_client.get("/v1/users").status_code == 401
