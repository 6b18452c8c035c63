from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from accounts.models import Membership, Workspace
from apikeys.models import ApiKey
from audit.models import AuditEvent


def create_api_key(*args) -> list[str]:
    out = StringIO()
    call_command("create_api_key", *args, stdout=out)
    return out.getvalue().splitlines()


def alice_args(**overrides) -> list[str]:
    options = {
        "--user": "alice@example.com",
        "--name": "Nightly sync",
        "--permissions": "read,write",
        "--environment": "live",
        **overrides,
    }
    return [part for option, value in options.items() for part in (option, value)]


def test_it_prints_a_working_key_as_the_last_line(alice):
    raw = create_api_key(*alice_args())[-1]

    response = APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")

    assert response.status_code == 200
    assert response.json()["data"]["id"] == alice.public_id


def test_the_key_belongs_to_the_users_own_workspace_with_the_given_settings(alice):
    raw = create_api_key(
        *alice_args(), "--allowed-ip", "203.0.113.7", "--allowed-ip", "10.0.0.0/8"
    )[-1]

    key = ApiKey.objects.verify(raw)
    assert key.workspace == alice.workspaces.get()
    assert key.created_by == alice
    assert key.name == "Nightly sync"
    assert key.permissions == ["read", "write"]
    assert key.livemode is True
    assert key.allowed_ips == ["203.0.113.7/32", "10.0.0.0/8"]


def test_it_describes_the_key_before_printing_it(alice):
    lines = create_api_key(*alice_args())

    key = ApiKey.objects.get()
    output = "\n".join(lines[:-1])
    assert key.public_id in output
    assert key.hint in output
    assert alice.workspaces.get().public_id in output
    assert lines[-1] not in output


def test_it_makes_test_mode_keys(alice):
    raw = create_api_key(*alice_args(**{"--environment": "test"}))[-1]

    assert raw.startswith("ck_test_")
    assert ApiKey.objects.verify(raw).livemode is False


def test_admin_implies_every_permission(alice):
    raw = create_api_key(*alice_args(**{"--permissions": "admin"}))[-1]

    assert ApiKey.objects.verify(raw).permissions == ["read", "write", "delete", "admin"]


def test_it_records_an_audit_event_without_the_key(alice):
    raw = create_api_key(*alice_args())[-1]

    event = AuditEvent.objects.get(action="api_key.created")
    assert event.actor == alice
    assert event.target_id == ApiKey.objects.get().public_id
    assert raw not in str(event.metadata) + event.target_label + event.user_agent


@pytest.mark.parametrize("wanted", ["by_id", "by_name"])
def test_workspace_picks_another_of_the_users_workspaces(alice, wanted):
    side = Workspace.objects.create(name="Side project")
    Membership.objects.create(user=alice, workspace=side, role=Membership.Role.OWNER)
    name = side.public_id if wanted == "by_id" else "Side project"

    raw = create_api_key(*alice_args(**{"--workspace": name}))[-1]

    assert ApiKey.objects.verify(raw).workspace == side


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match=r"nobody@example\.com"):
        create_api_key(*alice_args(**{"--user": "nobody@example.com"}))


def test_it_refuses_an_unknown_permission(alice):
    with pytest.raises(CommandError, match="--permissions: Unknown permission: superuser"):
        create_api_key(*alice_args(**{"--permissions": "read,superuser"}))
    assert not ApiKey.objects.exists()


def test_it_refuses_an_empty_permission_list(alice):
    with pytest.raises(CommandError, match="--permissions"):
        create_api_key(*alice_args(**{"--permissions": ","}))


def test_it_refuses_a_bad_address(alice):
    with pytest.raises(CommandError, match=r"--allowed-ip: .*10\.0\.0\.300"):
        create_api_key(*alice_args(), "--allowed-ip", "10.0.0.300")
    assert not ApiKey.objects.exists()


def test_it_refuses_a_bad_environment(alice):
    with pytest.raises(CommandError, match="Unknown environment “production”"):
        create_api_key(*alice_args(**{"--environment": "production"}))


def test_it_refuses_a_member_asking_for_admin(alice, bob):
    teamwork = {"--user": "bob@example.com", "--workspace": alice.workspaces.get().public_id}

    with pytest.raises(CommandError, match="Only workspace owners and admins"):
        create_api_key(*alice_args(**teamwork, **{"--permissions": "admin"}))
    assert not ApiKey.objects.exists()


def test_it_refuses_a_workspace_that_is_not_the_users(alice, charlie):
    foreign = charlie.workspaces.get()

    with pytest.raises(CommandError, match="not a member"):
        create_api_key(*alice_args(**{"--workspace": foreign.public_id}))
    assert not ApiKey.objects.exists()


def test_a_member_may_make_a_non_admin_key_for_a_shared_workspace(alice, bob):
    shared = alice.workspaces.get()

    raw = create_api_key(
        *alice_args(**{"--user": "bob@example.com", "--workspace": shared.public_id})
    )[-1]

    assert ApiKey.objects.verify(raw).workspace == shared


def test_it_refuses_a_blank_name(alice):
    with pytest.raises(CommandError, match="--name"):
        create_api_key(*alice_args(**{"--name": "  "}))


def test_it_refuses_a_missing_option(alice):
    with pytest.raises(CommandError, match="--permissions"):
        call_command(
            "create_api_key", "--user", "alice@example.com", "--name", "x", "--environment", "live"
        )
