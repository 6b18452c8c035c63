"""The key policy as a table, through the Settings pages.

The cast: Alice owns the workspace, Erin is an admin of it, Bob a plain member,
Charlie an outsider. Each acts on a key of his own and on someone else's:
the owner's, and for those who manage keys, a member's. An allowed action has
its effect; a refused one changes nothing, and the pages never offered it.
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from apikeys.models import ApiKey
from tests.support import use_workspace

ROLES = ("owner", "admin", "member", "outsider")


@dataclass(frozen=True)
class Action:
    name: str
    url: str  # the page's path under the key
    link_text: str

    def href(self, key) -> str:
        return f'href="/settings/api/keys/{key.public_id}/{self.url}/"'


EDIT = Action("edit", "edit", "Edit")
ROLL = Action("roll", "roll", "Roll")
REVOKE = Action("revoke", "revoke", "Revoke")


@pytest.fixture
def cast(alice, erin, bob, charlie):
    return {"owner": alice, "admin": erin, "member": bob, "outsider": charlie}


@pytest.fixture
def team(alice):
    return alice.workspaces.get()


def client_for(user, team) -> Client:
    client = Client()
    client.force_login(user)
    return use_workspace(client, team)  # falls back to their own for the outsider


def key_of(user, team, make_key, role) -> ApiKey:
    """A read/write key `user` made: in the team's workspace, or the outsider's own."""
    workspace = None if role == "outsider" else team
    key, _ = make_key(
        user, name=f"{role}'s key", permissions=("read", "write"), workspace=workspace
    )
    return key


def post(client, key, action: str):
    base = f"/settings/api/keys/{key.public_id}"
    settings = {"name": key.name, "permissions": key.permissions, "allowed_ips": ""}
    if action == "edit":
        return client.post(f"{base}/edit/", {**settings, "name": "Renamed", "rate_limit": ""})
    if action == "limit":
        return client.post(f"{base}/edit/", {**settings, "rate_limit": "10"})
    if action == "roll":
        return client.post(f"{base}/roll/", {"grace": "none"})
    return client.post(f"{base}/revoke/")


def took_effect(key: ApiKey, action: str) -> bool:
    fresh = ApiKey.objects.get(pk=key.pk)
    return {
        "edit": fresh.name == "Renamed",
        "limit": fresh.rate_limit == 10,
        "roll": ApiKey.objects.filter(rolled_from=key).exists() and fresh.is_revoked,
        "revoke": fresh.is_revoked and fresh.status == "revoked",
    }[action]


def unchanged(key: ApiKey) -> bool:
    fresh = ApiKey.objects.get(pk=key.pk)
    return (fresh.name, fresh.permissions, fresh.rate_limit, fresh.revoked_at) == (
        key.name,
        key.permissions,
        key.rate_limit,
        None,
    ) and not ApiKey.objects.filter(rolled_from=key).exists()


# (actor, whose key) -> may they edit, roll, re-limit and revoke it?
TABLE = [
    ("owner", "owner", True),
    ("owner", "admin", True),
    ("owner", "member", True),
    ("admin", "admin", True),
    ("admin", "owner", True),
    ("admin", "member", True),
    ("member", "member", True),
    ("member", "owner", False),
    ("member", "admin", False),
    ("outsider", "outsider", True),
    ("outsider", "owner", False),
]


@pytest.mark.parametrize("action", ["edit", "limit", "roll", "revoke"])
@pytest.mark.parametrize(("actor", "owner", "allowed"), TABLE)
def test_the_key_policy_through_the_pages(cast, team, make_key, actor, owner, allowed, action):
    key = key_of(cast[owner], team, make_key, owner)
    client = client_for(cast[actor], team)

    response = post(client, key, action)

    if allowed:
        assert response.status_code == 302
        assert took_effect(key, action)
    else:
        assert response.status_code in (302, 404)
        assert unchanged(key)


@pytest.mark.parametrize(("actor", "owner", "allowed"), TABLE)
def test_the_pages_offer_only_what_the_policy_allows(cast, team, make_key, actor, owner, allowed):
    key = key_of(cast[owner], team, make_key, owner)
    client = client_for(cast[actor], team)

    detail = client.get(f"/settings/api/keys/{key.public_id}/")
    listing = client.get("/settings/api/").content.decode()

    if actor == "outsider" and owner != "outsider":
        assert detail.status_code == 404
        assert key.public_id not in listing
        return
    page = detail.content.decode()
    for action in (EDIT, ROLL, REVOKE):
        assert (action.href(key) in page) is allowed, (action.name, page)
        assert (action.href(key) in listing) is allowed, action.name
    if not allowed:
        assert "Only workspace owners and admins can change keys someone else created." in page
        assert "View only" in listing


@pytest.mark.parametrize("action", ["edit", "roll", "revoke"])
def test_a_refused_page_says_why_instead_of_failing(cast, team, make_key, action):
    key = key_of(cast["owner"], team, make_key, "owner")
    client = client_for(cast["member"], team)

    response = client.get(f"/settings/api/keys/{key.public_id}/{action}/", follow=True)

    assert response.status_code == 200
    assert "Only workspace owners and admins can change keys someone else created." in (
        response.content.decode()
    )
    assert unchanged(key)


@pytest.mark.parametrize(
    ("role", "may_grant_admin"),
    [("owner", True), ("admin", True), ("member", False), ("outsider", True)],
)
def test_creating_an_admin_key(cast, team, role, may_grant_admin):
    user = cast[role]
    client = client_for(user, team)
    form = {"name": "Ops", "environment": "live", "permissions": ["admin"], "expiry": "none"}

    page = client.get("/settings/api/keys/new/").content.decode()
    response = client.post("/settings/api/keys/new/", form)

    admin_box = page.split('value="admin"', 1)[1].split(">", 1)[0]
    assert ("disabled" in admin_box) is not may_grant_admin
    created = ApiKey.objects.filter(created_by=user, name="Ops").first()
    if may_grant_admin:
        assert response.status_code == 302 and created.permissions[-1] == "admin"
        # The outsider's key lands in his own workspace, never in the team's.
        assert (created.workspace == team) is (role != "outsider")
    else:
        assert response.status_code == 200 and created is None
        assert "Only workspace owners and admins can create or grant admin keys." in (
            response.content.decode()
        )


@pytest.mark.parametrize("role", ROLES)
def test_everyone_may_create_a_key_without_admin(cast, team, role):
    client = client_for(cast[role], team)

    client.post(
        "/settings/api/keys/new/",
        {"name": "Reader", "environment": "test", "permissions": ["read"], "expiry": "none"},
    )

    key = ApiKey.objects.get(created_by=cast[role], name="Reader")
    assert key.permissions == ["read"]
    assert (key.workspace == team) is (role != "outsider")


def test_a_member_cannot_give_their_own_key_admin(cast, team, make_key):
    key = key_of(cast["member"], team, make_key, "member")
    client = client_for(cast["member"], team)

    page = client.get(f"/settings/api/keys/{key.public_id}/edit/").content.decode()
    response = client.post(
        f"/settings/api/keys/{key.public_id}/edit/",
        {"name": key.name, "permissions": ["admin"], "allowed_ips": ""},
    )

    assert "disabled" in page.split('value="admin"', 1)[1].split(">", 1)[0]
    assert response.status_code == 200
    assert ApiKey.objects.get(pk=key.pk).permissions == ["read", "write"]
