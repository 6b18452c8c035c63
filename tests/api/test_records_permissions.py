"""Each key permission allows exactly its methods: GET read, POST/PATCH write,
DELETE delete; admin implies all three."""

from unittest.mock import ANY

import pytest

CONTACTS = "/v1/modules/contacts/records"

OPERATIONS = {
    # name: (method, on a record?, success status)
    "list": ("get", False, 200),
    "retrieve": ("get", True, 200),
    "create": ("post", False, 201),
    "update": ("patch", True, 200),
    "delete": ("delete", True, 204),
}
ALLOWED = {
    "read": {"list", "retrieve"},
    "write": {"create", "update"},
    "delete": {"delete"},
    "admin": set(OPERATIONS),
}
# What a refusal names as missing, by method.
NEEDS = {"get": "read", "post": "write", "patch": "write", "delete": "delete"}
CASES = [
    (permission, operation, operation in ALLOWED[permission])
    for permission in ALLOWED
    for operation in OPERATIONS
]


def call(client, operation, record_id):
    method, on_record, _ = OPERATIONS[operation]
    url = f"{CONTACTS}/{record_id}" if on_record else CONTACTS
    body = {"fields": {"name": "Changed"}} if method in ("post", "patch") else None
    return getattr(client, method)(url, body, format="json")


@pytest.mark.parametrize(("permission", "operation", "allowed"), CASES)
def test_each_permission_allows_its_methods_and_refuses_the_others(
    alice, key_client, live_api, create_record, permission, operation, allowed
):
    record = create_record(live_api, {"name": "Ada"})
    client = key_client(alice, permissions=[permission])

    response = call(client, operation, record["id"])

    if allowed:
        assert response.status_code == OPERATIONS[operation][2], response.content
    else:
        assert response.status_code == 403
        needs = NEEDS[OPERATIONS[operation][0]]
        assert response.json() == {
            "error": {
                "code": "insufficient_permissions",
                "message": "Insufficient permissions",
                "status": 403,
                "details": {"required": [needs], "granted": [permission]},
                "reason": ANY,  # its wording: test_refusal_messages.py
            }
        }
        assert live_api.get(CONTACTS).json()["data"] == [record]


def test_a_key_with_every_single_permission_can_do_everything(alice, key_client):
    client = key_client(alice, permissions=["read", "write", "delete"])

    created = client.post(CONTACTS, {"fields": {"name": "Ada"}}, format="json")
    url = f"{CONTACTS}/{created.json()['data']['id']}"

    assert created.status_code == 201
    assert client.get(CONTACTS).status_code == 200
    assert client.patch(url, {"fields": {"name": "Eve"}}, format="json").status_code == 200
    assert client.delete(url).status_code == 204


def test_permissions_are_checked_before_the_module_is_looked_up(alice, key_client):
    response = key_client(alice, permissions=["read"]).post(
        "/v1/modules/invoices/records", {"fields": {}}, format="json"
    )

    assert response.status_code == 403
