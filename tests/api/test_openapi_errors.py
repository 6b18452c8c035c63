"""The spec's error table is in the API reference as examples on every /v1 operation,
and each example is what the API really answers."""

import pytest
import time_machine
from rest_framework.test import APIClient


@pytest.fixture
def schema(client, db):
    return client.get("/api/schema/?format=json").json()


def bearer_operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.startswith("/v1/") and {"bearer": []} in operation["security"]:
                yield f"{method.upper()} {path}", operation


def examples(operation, status):
    media = operation["responses"][status]["content"]["application/json"]
    return {name: example["value"] for name, example in media["examples"].items()}


def errors(operation, status):
    return {
        (v["error"]["code"], v["error"]["message"]) for v in examples(operation, status).values()
    }


def test_every_v1_operation_shows_the_authentication_permission_and_rate_errors(schema):
    operations = dict(bearer_operations(schema))
    assert len(operations) > 20

    for label, operation in operations.items():
        assert {
            ("authentication_failed", "Invalid API key provided"),
            ("authentication_failed", "Invalid access token"),
            ("token_expired", "Token expired"),
        } <= errors(operation, "401"), label
        assert {"insufficient_permissions", "ip_not_allowed"} <= {
            code for code, _ in errors(operation, "403")
        }, label
        assert {code for code, _ in errors(operation, "429")} == {"rate_limited"}, label
        assert "Retry-After" in operation["responses"]["429"]["headers"], label
        for status, bodies in [(s, examples(operation, s)) for s in ("401", "403", "429")]:
            for body in bodies.values():
                assert set(body) == {"error"}
                assert body["error"]["status"] == int(status), label


def test_an_operation_with_a_body_shows_a_validation_error_naming_one_of_its_fields(schema):
    for label, operation in bearer_operations(schema):
        if "requestBody" not in operation:
            continue
        ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        fields = schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]["properties"]

        error = examples(operation, "400")["validation_error"]["error"]

        assert error["code"] == "validation_error", label
        assert error["message"] == "Invalid request", label
        assert len(error["details"]) == 1 and set(error["details"]) <= set(fields), label


def test_the_examples_are_the_api_s_own_answers(schema, alice, make_key):
    me = schema["paths"]["/v1/users/me"]["get"]
    delete = schema["paths"]["/v1/modules/{module}/records/{record_id}"]["delete"]
    invite = schema["paths"]["/v1/invitations"]["post"]
    _, reader = make_key(alice, permissions=["read"])
    _, admin = make_key(alice, permissions=["admin"], name="Admin")
    client = APIClient()

    nobody = client.get("/v1/users/me")
    unknown = client.get("/v1/users/me", HTTP_AUTHORIZATION="Bearer ck_live_unknown")
    unknown_token = client.get("/v1/users/me", HTTP_AUTHORIZATION="Bearer at_unknown")
    refused = client.delete(
        "/v1/modules/contacts/records/rec_nope", HTTP_AUTHORIZATION=f"Bearer {reader}"
    )
    invalid = client.post(
        "/v1/invitations", {}, format="json", HTTP_AUTHORIZATION=f"Bearer {admin}"
    )

    assert nobody.json() == examples(me, "401")["no_credentials"]
    assert unknown.json() == examples(me, "401")["authentication_failed"]
    assert unknown_token.json() == examples(me, "401")["invalid_access_token"]
    # The example names the operation's path; the answer, the path called.
    documented = examples(delete, "403")["insufficient_permissions"]
    path = "/v1/modules/{module}/records/{record_id}"
    called = "/v1/modules/contacts/records/rec_nope"
    documented["error"]["reason"] = documented["error"]["reason"].replace(path, called)
    assert refused.json() == documented
    assert invalid.json() == examples(invite, "400")["validation_error"]


def test_the_address_and_rate_examples_are_the_api_s_own_answers(schema, alice, make_key, settings):
    me = schema["paths"]["/v1/users/me"]["get"]
    _, restricted = make_key(alice, allowed_ips=["198.51.100.1"])
    _, limited = make_key(alice, name="Limited", rate_limit=1)
    client = APIClient()

    elsewhere = client.get(
        "/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {restricted}", REMOTE_ADDR="203.0.113.7"
    )
    with time_machine.travel("2026-07-01 12:00:30Z", tick=False):  # 30 s left
        client.get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {limited}")
        throttled = client.get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {limited}")

    assert elsewhere.json() == examples(me, "403")["ip_not_allowed"]
    assert throttled.json() == examples(me, "429")["rate_limited"]
    assert int(throttled.headers["Retry-After"]) > 0


def test_each_operation_s_permission_example_names_what_it_needs(schema):
    audit_logs = schema["paths"]["/v1/audit-logs"]["get"]
    create = schema["paths"]["/v1/modules/{module}/records"]["post"]
    me = schema["paths"]["/v1/users/me"]["get"]

    assert examples(audit_logs, "403")["insufficient_permissions"]["error"]["details"] == {
        "required": ["admin"],
        "granted": ["read"],
    }
    assert examples(create, "403")["insufficient_permissions"]["error"]["reason"] == (
        "This key lacks the write permission: POST /v1/modules/{module}/records needs write."
    )
    # Any valid key reads users: only a token can be refused there, in scopes.
    assert examples(me, "403")["insufficient_permissions"]["error"]["details"] == {
        "required": ["users:read", "read"],
        "granted": ["email:read"],
    }
