"""A key revoked through each path (Settings, the command line, the admin, the
API, a member's removal) leaves every Settings page working for everyone in
the workspace, each saying rightly who or what revoked it."""

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import Membership, User
from accounts.services.members import member_remove
from apikeys.models import ApiKey
from apikeys.services import key_revoke
from audit.services import AuditContext
from tests.support import PASSWORD, use_workspace

SETTINGS_PAGES = [
    "/settings/api/",
    "/settings/api/?status=revoked",
    "/settings/api/logs/",
    "/settings/api/usage/",
    "/settings/security/",
    "/settings/apps/",
    "/settings/developer/apps/",
    "/settings/team/",
    "/settings/workspace/",
]


@pytest.fixture
def erin(alice):
    """Another plain member of Alice's workspace, who stays in it."""
    user = User.objects.create_user("erin@example.com", password=PASSWORD, name="Erin Member")
    Membership.objects.create(
        user=user, workspace=alice.workspaces.get(), role=Membership.Role.MEMBER
    )
    return user


@pytest.fixture
def bobs_key(alice, bob, make_key):
    key, _ = make_key(bob, name="Bob's sync", workspace=alice.workspaces.get())
    return key


def by_page(key, alice, **_):
    client = Client()
    client.force_login(alice)
    response = client.post(f"/settings/api/keys/{key.public_id}/revoke/")
    assert response.status_code == 302


def by_cli(key, **_):
    call_command("revoke_api_key", key.public_id, stdout=open("/dev/null", "w"))  # noqa: SIM115


def by_admin(key, **_):
    staff = User.objects.create_superuser("sam@example.com", password=PASSWORD, name="Sam Staff")
    client = Client()
    client.force_login(staff)
    response = client.post(
        "/admin/apikeys/apikey/", {"action": "revoke_selected", "_selected_action": [key.pk]}
    )
    assert response.status_code == 302


def by_api(key, alice, **_):
    key_revoke(key=key, actor=alice, context=AuditContext(via="api", credential="key_x"))


def by_member_removal(key, alice, bob, **_):
    member_remove(workspace=alice.workspaces.get(), user=bob, actor=alice)


PATHS = [
    (by_page, "by Alice Owner"),
    (by_cli, "by an operator at the command line"),
    (by_admin, "by Sam Staff, staff, in the admin"),
    (by_api, "by Alice Owner through the API"),
    (by_member_removal, "by Alice Owner, on removing Bob Member from the workspace"),
]


def viewers(alice, erin):
    for user in (alice, erin):
        client = Client()
        client.force_login(user)
        yield user, use_workspace(client, alice.workspaces.get())


@pytest.mark.parametrize(("revoke", "revoked_by"), PATHS, ids=lambda p: getattr(p, "__name__", ""))
def test_every_settings_page_works_after_a_revocation(
    revoke, revoked_by, alice, bob, erin, bobs_key
):
    revoke(bobs_key, alice=alice, bob=bob)

    key = ApiKey.objects.get(pk=bobs_key.pk)
    assert key.status == "revoked"
    detail = f"/settings/api/keys/{key.public_id}/"
    for user, client in viewers(alice, erin):
        for path in [
            *SETTINGS_PAGES,
            detail,
            f"{detail}edit/",
            f"{detail}roll/",
            f"{detail}revoke/",
        ]:
            status = client.get(path).status_code
            assert status in (200, 302), (user.email, path, status)
        page = client.get(detail).content.decode()
        listing = client.get("/settings/api/").content.decode()
        assert f"{key.revoked_at:%b %-d, %Y}" in page
        assert revoked_by.replace("'", "&#x27;") in page, (user.email, page)
        assert f"Revoked {key.revoked_at:%b %-d, %Y} {revoked_by}" in listing
        assert '<span class="badge revoked">Revoked</span>' in listing


def test_a_key_replaced_by_a_roll_reads_rolled_not_revoked(alice, erin, bobs_key):
    client = Client()
    client.force_login(alice)
    client.post(f"/settings/api/keys/{bobs_key.public_id}/roll/", {"grace": "none"})

    for _, viewer in viewers(alice, erin):
        rolled = viewer.get("/settings/api/?status=rolled").content.decode()
        page = viewer.get(f"/settings/api/keys/{bobs_key.public_id}/").content.decode()
        assert ">Rolled</span>" in rolled and ">Revoked</span>" not in rolled
        assert "Rolled " in rolled and "by Alice Owner" in rolled
        assert ">Rolled</span>" in page and "<dt>Rolled</dt>" in page
