"""The admin endpoints are in the OpenAPI document, each with its errors."""

import pytest

OPERATIONS = {
    ("/v1/workspace", "get"): "workspace_retrieve",
    ("/v1/workspace", "patch"): "workspace_update",
    ("/v1/users", "get"): "users_list",
    ("/v1/users/{user_id}", "patch"): "users_update",
    ("/v1/users/{user_id}", "delete"): "users_remove",
    ("/v1/invitations", "get"): "invitations_list",
    ("/v1/invitations", "post"): "invitations_create",
    ("/v1/invitations/{invitation_id}", "delete"): "invitations_revoke",
    ("/v1/api-keys", "get"): "api_keys_list",
    ("/v1/api-keys", "post"): "api_keys_create",
    ("/v1/api-keys/{key_id}", "get"): "api_keys_retrieve",
    ("/v1/api-keys/{key_id}", "patch"): "api_keys_update",
    ("/v1/api-keys/{key_id}", "delete"): "api_keys_revoke",
    ("/v1/api-keys/{key_id}/roll", "post"): "api_keys_roll",
}


@pytest.fixture
def schema(client, db):
    return client.get("/api/schema/?format=json").json()


def test_every_admin_operation_is_documented_with_its_errors(schema):
    for (path, method), operation_id in OPERATIONS.items():
        operation = schema["paths"][path][method]

        assert operation["operationId"] == operation_id
        assert operation["tags"]
        assert {"401", "403", "429"} <= set(operation["responses"]), operation_id
        if method in ("patch", "post"):
            assert "400" in operation["responses"], operation_id
        if "{" in path:
            assert "404" in operation["responses"], operation_id


def test_the_secret_is_documented_only_where_it_is_shown(schema):
    def data_of(path, method, status):
        content = schema["paths"][path][method]["responses"][status]["content"]
        name = content["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        ref = schema["components"]["schemas"][name]["properties"]["data"]
        target = ref.get("$ref") or ref["items"]["$ref"]
        return schema["components"]["schemas"][target.rsplit("/", 1)[-1]]["properties"]

    assert "secret" in data_of("/v1/api-keys", "post", "201")
    assert "secret" in data_of("/v1/api-keys/{key_id}/roll", "post", "201")
    assert "secret" not in data_of("/v1/api-keys", "get", "200")
    assert "secret" not in data_of("/v1/api-keys/{key_id}", "patch", "200")


def test_patch_bodies_that_need_their_field_say_so(schema):
    components = schema["components"]["schemas"]

    assert components["WorkspaceRenameRequest"]["required"] == ["name"]
    assert components["MemberRoleRequest"]["required"] == ["role"]
    assert "required" not in components["PatchedApiKeyUpdateRequest"]
