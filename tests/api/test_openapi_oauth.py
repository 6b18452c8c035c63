"""The OpenAPI document describes the OAuth server: its endpoints, the `oauth2` scheme
with every configured scope, and which scopes each /v1 operation accepts."""

import pytest
from django.conf import settings
from django.test import override_settings
from drf_spectacular.validation import validate_schema

DEVICE_CODE = "urn:ietf:params:oauth:grant-type:device_code"
OAUTH_OPERATIONS = {
    ("/oauth/authorize", "get"),
    ("/oauth/token", "post"),
    ("/oauth/revoke", "post"),
    ("/oauth/introspect", "post"),
    ("/oauth/device_authorization", "post"),
    ("/oauth/userinfo", "get"),
    ("/.well-known/oauth-authorization-server", "get"),
    ("/.well-known/openid-configuration", "get"),
    ("/.well-known/oauth-protected-resource", "get"),
    ("/.well-known/oauth-protected-resource/v1", "get"),
}


def fetch_schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def schema(client, db):
    return fetch_schema(client)


def component(schema, ref):
    return schema["components"]["schemas"][ref["$ref"].rsplit("/", 1)[-1]]


def example_codes(response):
    return {
        e["value"]["error"] for e in response["content"]["application/json"]["examples"].values()
    }


def test_the_served_document_is_valid_openapi(schema):
    validate_schema(schema)  # the validator `make schema-check` runs, on what is served


def test_every_oauth_endpoint_is_documented_under_one_tag(schema):
    for path, method in OAUTH_OPERATIONS:
        operation = schema["paths"][path][method]

        assert operation["tags"] == ["OAuth 2.0"], path
        assert operation["operationId"], path
        assert "200" in operation["responses"] or "302" in operation["responses"], path
    assert schema["tags"][0]["name"] == "OAuth 2.0"


def test_the_authorize_endpoint_takes_the_code_flow_and_oidc_parameters(schema):
    operation = schema["paths"]["/oauth/authorize"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}

    assert set(parameters) == {
        "response_type",
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
        "code_challenge_method",
        "nonce",
        "prompt",
    }
    assert parameters["response_type"]["schema"]["enum"] == ["code"]
    assert parameters["code_challenge_method"]["schema"]["enum"] == ["S256"]
    assert {"Location"} == set(operation["responses"]["302"]["headers"])
    assert "iss" in operation["responses"]["302"]["description"]


def test_the_token_endpoint_takes_each_grant_with_its_parameters(schema):
    body = schema["paths"]["/oauth/token"]["post"]["requestBody"]["content"]
    grants = body["application/x-www-form-urlencoded"]["schema"]
    by_grant = {
        grant: schema["components"]["schemas"][target.rsplit("/", 1)[-1]]
        for grant, target in grants["discriminator"]["mapping"].items()
    }

    assert set(by_grant) == {"authorization_code", "refresh_token", DEVICE_CODE}
    assert {"grant_type", "code"} <= set(by_grant["authorization_code"]["required"])
    assert {"redirect_uri", "code_verifier"} <= set(by_grant["authorization_code"]["properties"])
    assert "refresh_token" in by_grant["refresh_token"]["required"]
    assert "device_code" in by_grant[DEVICE_CODE]["required"]
    for grant, fields in by_grant.items():
        assert fields["properties"]["grant_type"]["enum"] == [grant]
        assert {"client_id", "client_secret"} <= set(fields["properties"])


def test_the_token_endpoint_answers_tokens_or_rfc_6749_errors(schema):
    responses = schema["paths"]["/oauth/token"]["post"]["responses"]

    tokens = component(schema, responses["200"]["content"]["application/json"]["schema"])
    assert set(tokens["properties"]) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "scope",
        "id_token",
    }
    assert example_codes(responses["400"]) == {
        "invalid_request",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "authorization_pending",
        "slow_down",
        "expired_token",
        "access_denied",
    }
    assert example_codes(responses["401"]) == {"invalid_client"}
    assert "Retry-After" in responses["429"]["headers"]
    error = component(schema, responses["400"]["content"]["application/json"]["schema"])
    assert error["required"] == ["error"]


def test_the_device_userinfo_and_metadata_bodies_are_described(schema):
    def answer(path, method="get"):
        response = schema["paths"][path][method]["responses"]["200"]
        return component(schema, response["content"]["application/json"]["schema"])

    assert {"device_code", "user_code", "verification_uri", "expires_in"} == set(
        answer("/oauth/device_authorization", "post")["required"]
    )
    assert {"sub", "name", "email", "email_verified"} <= set(
        answer("/oauth/userinfo")["properties"]
    )
    assert "active" in answer("/oauth/introspect", "post")["required"]
    resource = answer("/.well-known/oauth-protected-resource/v1")["properties"]
    assert {"resource", "authorization_servers", "scopes_supported"} <= set(resource)
    assert "jwks_uri" in answer("/.well-known/openid-configuration")["properties"]


def test_the_oauth2_scheme_has_the_code_flow_and_every_configured_scope(schema):
    scheme = schema["components"]["securitySchemes"]["oauth2"]
    flow = scheme["flows"]["authorizationCode"]

    assert scheme["type"] == "oauth2"
    assert flow["authorizationUrl"] == "/oauth/authorize"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "/oauth/token"
    assert flow["scopes"] == settings.OAUTH2_PROVIDER["SCOPES"]
    assert {"read", "write", "delete", "email:read", "email:send", "users:read", "admin"} <= set(
        flow["scopes"]
    )


def test_a_scope_added_to_the_settings_is_documented_when_the_document_is_made(client, db):
    scopes = {**settings.OAUTH2_PROVIDER["SCOPES"], "calendar:read": "See your calendar"}
    with override_settings(OAUTH2_PROVIDER={**settings.OAUTH2_PROVIDER, "SCOPES": scopes}):
        scheme = fetch_schema(client)["components"]["securitySchemes"]["oauth2"]

    assert scheme["flows"]["authorizationCode"]["scopes"]["calendar:read"] == "See your calendar"


def test_the_device_flow_is_described_beside_the_flows_openapi_3_0_has(schema):
    scheme = schema["components"]["securitySchemes"]["oauth2"]
    device = scheme["x-deviceAuthorization"]

    assert device["deviceAuthorizationUrl"] == "/oauth/device_authorization"
    assert device["tokenUrl"] == "/oauth/token"
    assert device["scopes"] == scheme["flows"]["authorizationCode"]["scopes"]
    assert DEVICE_CODE in scheme["description"]


@pytest.mark.parametrize(
    ("path", "method", "scopes"),
    [
        ("/v1/users/me", "get", [["users:read"], ["read"]]),
        ("/v1/modules/{module}/records", "get", [["read"]]),
        ("/v1/modules/{module}/records", "post", [["write"]]),
        ("/v1/modules/{module}/records/{record_id}", "patch", [["write"]]),
        ("/v1/modules/{module}/records/{record_id}", "delete", [["delete"]]),
        ("/v1/emails", "get", [["email:read"]]),
        ("/v1/emails", "post", [["email:send"]]),
        ("/v1/workspace", "patch", [["admin"]]),
        ("/v1/api-keys", "post", [["admin"]]),
        ("/v1/audit-logs", "get", [["admin"]]),
    ],
)
def test_a_v1_operation_takes_a_key_or_a_token_with_the_scopes_it_needs(
    schema, path, method, scopes
):
    security = schema["paths"][path][method]["security"]

    assert {"bearer": []} in security
    assert [requirement["oauth2"] for requirement in security if "oauth2" in requirement] == scopes


def test_every_v1_operation_taking_a_bearer_names_both_schemes(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not path.startswith("/v1/") or {"bearer": []} not in operation["security"]:
                continue
            oauth = [r["oauth2"] for r in operation["security"] if "oauth2" in r]
            assert oauth and all(oauth), (method, path)
            assert all(set(scopes) <= set(settings.OAUTH2_PROVIDER["SCOPES"]) for scopes in oauth)
