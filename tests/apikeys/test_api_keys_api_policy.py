"""The key policy through /v1/api-keys, as a table with a fixed cast.

Owners and admins manage every key of the workspace; a member cannot hold an
admin key, so their best key is refused at the door; an outsider's admin key
never finds this workspace's keys.
"""

import pytest

from accounts.models import Membership
from accounts.services import user_signup
from apikeys.models import ApiKey
from tests.apikeys.api_keys_calls import KEYS
from tests.support import PASSWORD

# action -> (method, path after the key's URL, body, status on success)
ACTIONS = {
    "edit": (
        "patch",
        "",
        {"name": "Renamed", "permissions": ["read", "write"], "allowed_ips": ["10.0.0.0/8"]},
        200,
    ),
    "roll": ("post", "/roll", {"grace_period_seconds": 60}, 201),
    "limit": ("patch", "", {"rate_limit": 10}, 200),
    "revoke": ("delete", "", None, 204),
}
ALLOWED = "allowed"
REFUSED = 403
NOT_FOUND = 404
# who calls -> what becomes of their call on anyone's key in Alice's workspace
TABLE = {
    "owner": ALLOWED,
    "admin": ALLOWED,
    "member": REFUSED,  # no admin key to call with
    "outsider": NOT_FOUND,  # an admin key, of another workspace
}
CREATORS = ("owner", "admin", "member")


@pytest.fixture
def cast(alice, bob, charlie, workspace):
    """owner, admin, member, outsider -> user."""
    erin = user_signup(email="erin@example.com", password=PASSWORD, name="Erin Admin")
    Membership.objects.create(user=erin, workspace=workspace, role=Membership.Role.ADMIN)
    return {"owner": alice, "admin": erin, "member": bob, "outsider": charlie}


@pytest.fixture
def caller(cast, workspace, key_client):
    """caller(role) -> a client with that person's strongest key: admin for owners and
    admins (in Alice's workspace, or the outsider's own), read/write/delete for a member."""

    def make(role):
        user = cast[role]
        if role == "outsider":
            return key_client(user, permissions=["admin"])
        permissions = ["read", "write", "delete"] if role == "member" else ["admin"]
        return key_client(user, permissions=permissions, workspace=workspace, name="Caller")

    return make


@pytest.fixture
def key_of(cast, workspace, make_key):
    def make(role):
        key, _ = make_key(cast[role], workspace=workspace, name="Target")
        return key

    return make


@pytest.mark.parametrize("creator", CREATORS)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", TABLE)
def test_the_policy_on_a_key(caller, key_of, role, action, creator):
    client, key = caller(role), key_of(creator)
    method, suffix, body, success = ACTIONS[action]

    response = getattr(client, method)(f"{KEYS}/{key.public_id}{suffix}", body)

    expected = success if TABLE[role] == ALLOWED else TABLE[role]
    assert response.status_code == expected, response.content
    after = ApiKey.objects.get(pk=key.pk)
    if TABLE[role] != ALLOWED:
        assert (after.name, after.rate_limit, after.revoked_at, after.rolled_at) == (
            "Target",
            None,
            None,
            None,
        )


@pytest.mark.parametrize(
    "role, status", [("owner", 201), ("admin", 201), ("member", 403), ("outsider", 201)]
)
def test_the_policy_on_creating(caller, cast, workspace, role, status):
    response = caller(role).post(KEYS, {"name": "New", "permissions": ["read"]})

    assert response.status_code == status
    if status == 201:
        key = ApiKey.objects.get(public_id=response.json()["data"]["id"])
        assert key.created_by == cast[role]
        # The outsider's key lands in the outsider's own workspace, never Alice's.
        assert (key.workspace == workspace) == (role != "outsider")


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_owners_and_admins_create_admin_keys(caller, role):
    response = caller(role).post(KEYS, {"name": "Another admin", "permissions": ["admin"]})

    assert response.status_code == 201
    assert "admin" in response.json()["data"]["permissions"]


def test_a_member_cannot_hold_an_admin_key_at_all(bob, workspace, make_key):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        make_key(bob, permissions=["admin"], workspace=workspace)

    assert "permissions" in refused.value.message_dict


@pytest.mark.parametrize("role", ["owner", "admin"])
def test_nobody_gives_admin_to_a_members_key(caller, key_of, role):
    key = key_of("member")

    response = caller(role).patch(f"{KEYS}/{key.public_id}", {"permissions": ["admin"]})

    assert response.status_code == 400
    assert "owners and admins" in response.json()["error"]["details"]["permissions"][0]
    key.refresh_from_db()
    assert key.permissions == ["read"]


def test_an_admin_gives_admin_to_the_owners_key(caller, key_of):
    key = key_of("owner")

    response = caller("admin").patch(f"{KEYS}/{key.public_id}", {"permissions": ["admin"]})

    assert response.status_code == 200
    assert "admin" in response.json()["data"]["permissions"]


def test_a_roll_keeps_the_creator_whoever_rolls(caller, cast, key_of):
    key = key_of("member")

    response = caller("admin").post(f"{KEYS}/{key.public_id}/roll")

    assert response.json()["data"]["created_by"] == cast["member"].public_id
