import re

from rest_framework.test import APIClient

from api.principal import Principal, grants_for_key_permissions


def test_it_returns_the_user_behind_the_principal(alice):
    client = APIClient()
    principal = Principal(
        user=alice,
        workspace=alice.workspaces.get(),
        livemode=True,
        grants=grants_for_key_permissions(["read"], manages=True),
    )
    client.force_authenticate(user=alice, token=principal)

    response = client.get("/v1/users/me")

    assert response.status_code == 200
    assert response.json() == {
        "data": {"id": alice.public_id, "email": "alice@example.com", "name": "Alice Owner"}
    }
    assert re.fullmatch(r"usr_[0-9A-Za-z]{20}", response.json()["data"]["id"])


def test_it_answers_with_and_without_a_trailing_slash(alice, key_client):
    client = key_client(alice)

    assert client.get("/v1/users/me/").status_code == 200
    assert client.get("/v1/users/me").status_code == 200


def test_any_valid_key_may_call_it_whatever_its_permissions(alice, key_client):
    for permissions in (["read"], ["write"], ["delete"], ["admin"]):
        response = key_client(alice, permissions=permissions).get("/v1/users/me")

        assert response.status_code == 200, permissions
        assert response.json()["data"]["id"] == alice.public_id
