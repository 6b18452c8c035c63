"""A refusal says what was wrong in the words of the credential presented: an OAuth
token is not called an API key, and a missing permission or scope is named, with
the route that needs it, beside the spec's exact messages."""

import pytest
from oauth2_provider.generators import generate_client_secret
from rest_framework.test import APIClient

from accounts.services.members import member_change_role
from apikeys import keys
from oauthapps.models import AccessToken, Application
from oauthapps.tokens import new_access_token
from tests.oauthapps.conftest import OAuthFlow
from tests.support import INVALID_API_KEY

CONTACTS = "/v1/modules/contacts/records"


def bearer(raw: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def token_for(charlie):
    """token_for(user, scope) -> an access token an outside app got through the real flow."""
    secret = generate_client_secret()
    app = Application.objects.create(
        user=charlie,
        name="Zapier",
        client_type=Application.CLIENT_CONFIDENTIAL,
        redirect_uris="https://app.example.com/callback",
        client_secret=secret,
    )
    flow = OAuthFlow(app, secret)

    def issue(user, scope):
        return flow.tokens_for(user, scope=scope)["access_token"]

    return issue


def test_an_unknown_access_token_is_an_invalid_access_token(db):
    response = bearer(new_access_token(None)).get("/v1/users/me")

    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": "authentication_failed", "message": "Invalid access token", "status": 401}
    }
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_access_token_is_an_invalid_access_token(alice, token_for):
    token = token_for(alice, "read")
    AccessToken.objects.get().revoke()

    response = bearer(token).get("/v1/users/me")

    assert response.status_code == 401
    assert response.json()["error"]["message"] == "Invalid access token"


@pytest.mark.parametrize(
    "raw",
    [
        keys.generate(livemode=True),  # well-formed, never issued
        keys.generate(livemode=False),
        keys.generate(livemode=True)[:-1] + "0",  # checksum broken
        "ck_live_short",
        "nonsense",
    ],
    ids=["unknown_live_key", "unknown_test_key", "bad_checksum", "malformed", "not_a_key"],
)
def test_an_unknown_or_malformed_key_keeps_the_spec_s_exact_message(db, raw):
    response = bearer(raw).get("/v1/users/me")

    assert response.status_code == 401
    assert response.json() == INVALID_API_KEY


def test_a_read_only_key_posting_a_record_is_told_it_lacks_write(alice, key_client):
    response = key_client(alice, permissions=["read"]).post(
        CONTACTS, {"fields": {"name": "Ada"}}, format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "insufficient_permissions",
            "message": "Insufficient permissions",
            "status": 403,
            "details": {"required": ["write"], "granted": ["read"]},
            "reason": "This key lacks the write permission: "
            "POST /v1/modules/contacts/records needs write.",
        }
    }


def test_a_key_deleting_without_delete_is_told_which_record_route_needs_it(alice, key_client):
    response = key_client(alice, permissions=["read", "write"]).delete(f"{CONTACTS}/rec_123")

    error = response.json()["error"]
    assert error["details"] == {"required": ["delete"], "granted": ["read", "write"]}
    assert error["reason"] == (
        "This key lacks the delete permission: "
        "DELETE /v1/modules/contacts/records/rec_123 needs delete."
    )


def test_a_key_without_admin_on_audit_logs_is_told_it_needs_admin(alice, key_client):
    response = key_client(alice, permissions=["read", "write", "delete"]).get("/v1/audit-logs")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["message"] == "Insufficient permissions"
    assert error["details"] == {"required": ["admin"], "granted": ["read", "write", "delete"]}
    assert error["reason"] == "This key lacks the admin permission: GET /v1/audit-logs needs admin."


def test_a_demoted_admin_s_key_is_told_it_lacks_admin_and_what_it_still_grants(
    alice, erin, workspace, key_client
):
    client = key_client(erin, permissions=["admin"], workspace=workspace)
    member_change_role(workspace=workspace, user=erin, role="member", actor=alice)

    error = client.get("/v1/audit-logs").json()["error"]

    assert error["details"] == {"required": ["admin"], "granted": ["read", "write", "delete"]}


def test_a_token_lacking_a_scope_is_told_so_in_scopes(alice, token_for):
    token = token_for(alice, "read email:read")

    response = bearer(token).post(CONTACTS, {"fields": {"name": "Ada"}}, format="json")

    assert response.status_code == 403
    error = response.json()["error"]
    assert (error["code"], error["message"]) == (
        "insufficient_permissions",
        "Insufficient permissions",
    )
    assert error["details"] == {"required": ["write"], "granted": ["read", "email:read"]}
    assert error["reason"] == (
        "This access token lacks the write scope: POST /v1/modules/contacts/records needs write."
    )


def test_a_token_with_neither_users_scope_is_told_either_would_do(alice, token_for):
    token = token_for(alice, "email:send")

    error = bearer(token).get("/v1/users/me").json()["error"]

    assert error["details"] == {"required": ["users:read", "read"], "granted": ["email:send"]}
    assert error["reason"] == (
        "This access token lacks the users:read and read scopes: "
        "GET /v1/users/me needs one of them."
    )


def test_a_key_lacking_email_send_is_told_in_key_permissions(alice, key_client):
    response = key_client(alice, permissions=["read"]).post(
        "/v1/emails", {"to": "a@example.com", "subject": "Hi", "body": "."}, format="json"
    )

    assert response.json()["error"]["details"] == {"required": ["write"], "granted": ["read"]}
