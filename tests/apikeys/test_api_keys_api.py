"""/v1/api-keys: create (the secret once), read and list, in the caller's mode, admins only.

Changing, rolling and revoking: test_api_keys_api_changes.py; the policy table:
test_api_keys_api_policy.py."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apikeys.models import ApiKey
from audit.models import AuditEvent
from tests.apikeys.api_keys_calls import KEYS, bearer, create

KEY_FIELDS = {
    "id",
    "name",
    "environment",
    "permissions",
    "allowed_ips",
    "hint",
    "status",
    "rate_limit",
    "created_by",
    "created_at",
    "last_used_at",
    "expires_at",
    "revoked_at",
}


@pytest.fixture
def admin_client(alice, key_client):
    """Alice's live admin key: the cron job that rotates keys."""
    return key_client(alice, permissions=["admin"], name="Rotator")


@pytest.fixture
def test_admin_client(alice, key_client):
    return key_client(alice, permissions=["admin"], livemode=False, name="Test rotator")


def test_it_creates_a_key_and_shows_its_secret_this_once(alice, admin_client):
    data = create(admin_client, permissions=["read", "write"], allowed_ips=["203.0.113.0/24"])

    assert set(data) == KEY_FIELDS | {"secret"}
    assert data["secret"].startswith("ck_live_")
    assert data["id"].startswith("key_")
    assert (data["environment"], data["status"], data["created_by"]) == (
        "live",
        "active",
        alice.public_id,
    )
    assert data["permissions"] == ["read", "write"]
    assert data["allowed_ips"] == ["203.0.113.0/24"]
    listed = admin_client.get(KEYS).content.decode()
    single = admin_client.get(f"{KEYS}/{data['id']}").json()["data"]
    assert data["secret"] not in listed
    assert set(single) == KEY_FIELDS


def test_the_new_secret_works_at_once(admin_client):
    secret = create(admin_client)["secret"]

    assert bearer(secret).get("/v1/users/me").status_code == 200


def test_admin_implies_the_other_permissions(admin_client):
    assert create(admin_client, permissions=["admin"])["permissions"] == [
        "read",
        "write",
        "delete",
        "admin",
    ]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"permissions": []}, "permissions"),
        ({"permissions": ["superuser"]}, "permissions"),
        ({"allowed_ips": ["not-an-address"]}, "allowed_ips"),
        ({"expires_at": "2001-01-01T00:00:00Z"}, "expires_at"),
        ({"rate_limit": 1_000_000}, "rate_limit"),
        ({"environment": "staging"}, "environment"),
        ({"secret": "ck_live_mine"}, "secret"),
    ],
)
def test_bad_fields_are_validation_errors_naming_them(admin_client, body, field):
    response = admin_client.post(KEYS, {"name": "Integration", "permissions": ["read"], **body})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]
    assert ApiKey.objects.count() == 1  # the admin key alone


def test_the_environment_defaults_to_the_callers(admin_client, test_admin_client):
    assert create(admin_client)["environment"] == "live"
    test_key = create(test_admin_client)
    assert test_key["environment"] == "test"
    assert test_key["secret"].startswith("ck_test_")


@pytest.mark.parametrize(
    "fixture, other", [("test_admin_client", "live"), ("admin_client", "test")]
)
def test_a_credential_never_creates_a_key_of_the_other_mode(request, fixture, other):
    client = request.getfixturevalue(fixture)

    response = client.post(KEYS, {"name": "X", "permissions": ["read"], "environment": other})

    assert response.status_code == 400
    assert "manages" in response.json()["error"]["details"]["environment"][0]


def test_each_mode_sees_and_manages_only_its_own_keys(admin_client, test_admin_client):
    live_id = create(admin_client, name="Live one")["id"]
    test_id = create(test_admin_client, name="Test one")["id"]

    live_names = {k["name"] for k in admin_client.get(KEYS).json()["data"]}
    test_names = {k["name"] for k in test_admin_client.get(KEYS).json()["data"]}

    assert live_names == {"Rotator", "Live one"}
    assert test_names == {"Test rotator", "Test one"}
    assert test_admin_client.get(f"{KEYS}/{live_id}").status_code == 404
    assert test_admin_client.delete(f"{KEYS}/{live_id}").status_code == 404
    assert test_admin_client.post(f"{KEYS}/{live_id}/roll").status_code == 404
    assert admin_client.patch(f"{KEYS}/{test_id}", {"name": "Mine"}).status_code == 404
    assert ApiKey.objects.get(public_id=live_id).status == "active"


def test_another_workspaces_key_is_not_found(charlie, make_key, admin_client):
    theirs, _ = make_key(charlie)

    response = admin_client.get(f"{KEYS}/{theirs.public_id}")

    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "not_found",
        "message": "API key not found",
        "status": 404,
    }
    assert admin_client.delete(f"{KEYS}/{theirs.public_id}").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_the_list_pages_newest_first(admin_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for number in range(1, 4):
            traveller.shift(timedelta(seconds=1))
            create(admin_client, name=f"Key {number}")

    first = admin_client.get(KEYS, {"limit": 2}).json()
    rest = admin_client.get(KEYS, {"limit": 2, "cursor": first["next_cursor"]}).json()

    assert [k["name"] for k in first["data"]] == ["Key 3", "Key 2"]
    assert first["has_more"] is True
    assert [k["name"] for k in rest["data"]] == ["Key 1", "Rotator"]
    assert (rest["has_more"], rest["next_cursor"]) == (False, None)


def test_the_list_filters_by_status(alice, make_key, admin_client):
    revoked = create(admin_client, name="Revoked")["id"]
    admin_client.delete(f"{KEYS}/{revoked}")
    rolled = create(admin_client, name="Rolled")["id"]
    admin_client.post(f"{KEYS}/{rolled}/roll")
    make_key(alice, name="Expired", expires_at=timezone.now() + timedelta(hours=1))

    def names(key_status):
        response = admin_client.get(KEYS, {"status": key_status})
        return sorted(k["name"] for k in response.json()["data"])

    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert names("revoked") == ["Revoked"]
        assert names("rolled") == ["Rolled"]
        assert names("expired") == ["Expired"]
        assert names("active") == ["Rolled", "Rotator"]


def test_an_unknown_status_filter_is_a_validation_error(admin_client):
    response = admin_client.get(KEYS, {"status": "sleeping"})

    assert response.status_code == 400
    assert "status" in response.json()["error"]["details"]


@pytest.mark.parametrize("permissions", [["read"], ["read", "write", "delete"]])
def test_keys_without_admin_are_refused_everywhere(alice, key_client, make_key, permissions):
    client = key_client(alice, permissions=permissions)
    target, _ = make_key(alice)

    responses = [
        client.get(KEYS),
        client.post(KEYS, {"name": "X", "permissions": ["read"]}),
        client.get(f"{KEYS}/{target.public_id}"),
        client.patch(f"{KEYS}/{target.public_id}", {"name": "X"}),
        client.post(f"{KEYS}/{target.public_id}/roll"),
        client.delete(f"{KEYS}/{target.public_id}"),
    ]

    assert {r.status_code for r in responses} == {403}
    assert {r.json()["error"]["code"] for r in responses} == {"insufficient_permissions"}
    target.refresh_from_db()
    assert (target.name, target.revoked_at, target.rolled_at) == ("Test key", None, None)


def test_an_oauth_token_with_the_admin_scope_rotates_live_keys(alice, make_key, db):
    from oauth2_provider.generators import generate_client_secret

    from oauthapps.models import Application
    from tests.oauthapps.conftest import CALLBACK, OAuthFlow

    secret = generate_client_secret()
    app = Application.objects.create(
        user=alice,
        name="Coherence CLI",
        client_type=Application.CLIENT_CONFIDENTIAL,
        redirect_uris=CALLBACK,
        client_secret=secret,
        first_party=True,
    )
    token = OAuthFlow(app, secret).tokens_for(alice, scope="admin")["access_token"]
    key, _ = make_key(alice)
    client = bearer(token)

    response = client.post(f"{KEYS}/{key.public_id}/roll")

    assert response.status_code == 201
    event = AuditEvent.objects.get(action="api_key.rolled")
    assert event.metadata["credential"] == f"oauth:{app.client_id}"


def test_a_page_costs_the_same_queries_however_many_keys_it_holds(admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_for_a_page():
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(KEYS).status_code == 200
        return len(captured)

    queries_for_a_page()  # the key's first use records it; later ones within the minute don't
    few = queries_for_a_page()
    for number in range(10):
        create(admin_client, name=f"Key {number}")

    assert queries_for_a_page() == few


def test_a_number_as_the_name_is_refused_not_coerced(alice, key_client):
    client = key_client(alice, permissions=["admin"])

    response = client.post("/v1/api-keys", {"name": -111, "permissions": ["read"]}, format="json")

    assert response.status_code == 400
    assert "name" in response.json()["error"]["details"]
