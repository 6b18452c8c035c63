"""/v1/api-keys: change (only the fields given), revoke, and roll with a grace period."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from apikeys.models import ApiKey
from audit.models import AuditEvent
from tests.apikeys.api_keys_calls import KEYS, bearer, create


@pytest.fixture
def admin_client(alice, key_client):
    """Alice's live admin key: the cron job that rotates keys."""
    return key_client(alice, permissions=["admin"], name="Rotator")


def test_a_patch_changes_only_the_fields_given(admin_client):
    key = create(admin_client, permissions=["read", "write"], rate_limit=50)

    response = admin_client.patch(f"{KEYS}/{key['id']}", {"name": "Renamed"})

    data = response.json()["data"]
    assert response.status_code == 200
    assert (data["name"], data["permissions"], data["rate_limit"]) == (
        "Renamed",
        ["read", "write"],
        50,
    )
    assert "secret" not in data


def test_a_patch_sets_addresses_limit_and_expiry_and_null_clears_them(admin_client):
    key_id = create(admin_client)["id"]
    later = (timezone.now() + timedelta(days=30)).isoformat()

    set_ = admin_client.patch(
        f"{KEYS}/{key_id}",
        {"allowed_ips": ["10.0.0.1"], "rate_limit": 10, "expires_at": later},
    ).json()["data"]
    cleared = admin_client.patch(
        f"{KEYS}/{key_id}", {"rate_limit": None, "expires_at": None}
    ).json()["data"]

    assert (set_["allowed_ips"], set_["rate_limit"]) == (["10.0.0.1/32"], 10)
    assert set_["expires_at"] is not None
    assert (cleared["rate_limit"], cleared["expires_at"]) == (None, None)
    assert cleared["allowed_ips"] == ["10.0.0.1/32"]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"allowed_ips": ["999.1.1.1"]}, "allowed_ips"),
        ({"permisions": ["read"]}, "permisions"),
        ({"rate_limit": 0}, "rate_limit"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_patch_names_the_field_and_changes_nothing(admin_client, body, field):
    key = create(admin_client)

    response = admin_client.patch(f"{KEYS}/{key['id']}", body)

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert admin_client.get(f"{KEYS}/{key['id']}").json()["data"] == {
        k: v for k, v in key.items() if k != "secret"
    }


def test_a_revoked_key_cannot_be_changed(admin_client):
    key_id = create(admin_client)["id"]
    admin_client.delete(f"{KEYS}/{key_id}")

    response = admin_client.patch(f"{KEYS}/{key_id}", {"name": "Back"})

    assert response.status_code == 400
    assert response.json()["error"]["details"]["non_field_errors"]


def test_revoking_stops_the_key_on_its_next_request(admin_client):
    key = create(admin_client)
    assert bearer(key["secret"]).get("/v1/users/me").status_code == 200

    response = admin_client.delete(f"{KEYS}/{key['id']}")

    assert response.status_code == 204
    assert bearer(key["secret"]).get("/v1/users/me").status_code == 401
    data = admin_client.get(f"{KEYS}/{key['id']}").json()["data"]
    assert (data["status"], data["revoked_at"] is not None) == ("revoked", True)
    assert ApiKey.objects.get(public_id=key["id"]).revoked_via == "api"
    assert admin_client.delete(f"{KEYS}/{key['id']}").status_code == 204


def test_a_key_may_revoke_itself(admin_client):
    assert admin_client.delete(f"{KEYS}/{admin_client.key.public_id}").status_code == 204

    assert admin_client.get(KEYS).status_code == 401


def test_rolling_gives_a_new_secret_and_keeps_the_old_one_for_the_grace(admin_client):
    old = create(admin_client, permissions=["read", "write"], allowed_ips=["127.0.0.1"])
    start = timezone.now()

    with time_machine.travel(start, tick=False) as traveller:
        response = admin_client.post(f"{KEYS}/{old['id']}/roll", {"grace_period_seconds": 3600})
        new = response.json()["data"]

        assert response.status_code == 201
        assert new["secret"].startswith("ck_live_") and new["secret"] != old["secret"]
        assert new["id"] != old["id"]
        assert (new["name"], new["permissions"], new["allowed_ips"]) == (
            old["name"],
            old["permissions"],
            old["allowed_ips"],
        )
        traveller.shift(timedelta(minutes=59))
        assert bearer(old["secret"]).get("/v1/users/me").status_code == 200
        assert bearer(new["secret"]).get("/v1/users/me").status_code == 200
        traveller.shift(timedelta(minutes=2))
        assert bearer(old["secret"]).get("/v1/users/me").status_code == 401
        assert bearer(new["secret"]).get("/v1/users/me").status_code == 200
        assert admin_client.get(f"{KEYS}/{old['id']}").json()["data"]["status"] == "rolled"
    assert "secret" not in admin_client.get(f"{KEYS}/{new['id']}").json()["data"]


def test_rolling_without_a_grace_stops_the_old_key_at_once(admin_client):
    old = create(admin_client)

    response = admin_client.post(f"{KEYS}/{old['id']}/roll")

    assert response.status_code == 201
    assert bearer(old["secret"]).get("/v1/users/me").status_code == 401
    assert bearer(response.json()["data"]["secret"]).get("/v1/users/me").status_code == 200


@pytest.mark.parametrize("grace", [-1, 604_801, "soon"])
def test_the_grace_is_between_0_and_7_days(admin_client, grace):
    key_id = create(admin_client)["id"]

    response = admin_client.post(f"{KEYS}/{key_id}/roll", {"grace_period_seconds": grace})

    assert response.status_code == 400
    assert "grace_period_seconds" in response.json()["error"]["details"]
    assert ApiKey.objects.get(public_id=key_id).rolled_at is None


def test_a_key_is_rolled_once_then_its_replacement_is(admin_client):
    key_id = create(admin_client)["id"]
    admin_client.post(f"{KEYS}/{key_id}/roll", {"grace_period_seconds": 60})

    response = admin_client.post(f"{KEYS}/{key_id}/roll")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_every_change_is_an_event_naming_the_key_that_made_it(admin_client):
    key_id = create(admin_client)["id"]
    admin_client.patch(f"{KEYS}/{key_id}", {"name": "Renamed"})
    new_id = admin_client.post(f"{KEYS}/{key_id}/roll").json()["data"]["id"]
    admin_client.delete(f"{KEYS}/{new_id}")

    events = AuditEvent.objects.filter(action__startswith="api_key.").exclude(
        target_id=admin_client.key.public_id
    )

    assert sorted(e.action for e in events) == [
        "api_key.created",
        "api_key.created",
        "api_key.revoked",
        "api_key.rolled",
        "api_key.updated",
    ]
    assert {e.metadata["credential"] for e in events} == {admin_client.key.public_id}
    assert {e.metadata["via"] for e in events} == {"api"}
