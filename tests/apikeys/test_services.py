from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from apikeys.models import ApiKey
from apikeys.services import key_create, key_revoke, key_roll, key_update
from audit.models import AuditEvent
from audit.services import AuditContext


def status_of(raw):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def test_creating_a_key_records_an_event_with_where_it_came_from(alice):
    context = AuditContext(ip="198.51.100.4", user_agent="curl/8")
    key, raw = key_create(
        workspace=alice.workspaces.get(),
        actor=alice,
        name="Production Integration",
        livemode=True,
        permissions=["read", "write"],
        context=context,
    )

    event = AuditEvent.objects.get(action="api_key.created")
    assert event.actor == alice
    assert event.workspace == key.workspace
    assert event.target_id == key.public_id
    assert event.ip == "198.51.100.4"
    assert event.user_agent == "curl/8"
    assert event.metadata["permissions"] == ["read", "write"]
    assert raw not in str(event.metadata) and raw not in event.target_label


def test_admin_implies_every_other_permission(alice):
    key, _ = key_create(
        workspace=alice.workspaces.get(),
        actor=alice,
        name="Ops",
        livemode=True,
        permissions=["admin"],
    )

    assert key.permissions == ["read", "write", "delete", "admin"]


def test_a_member_cannot_create_an_admin_key(alice, bob):
    with pytest.raises(ValidationError, match="owners and admins"):
        key_create(
            workspace=alice.workspaces.get(),
            actor=bob,
            name="Sneaky",
            livemode=True,
            permissions=["admin"],
        )

    assert not ApiKey.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_outsider_cannot_create_a_key_in_a_workspace(alice, charlie):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        key_create(
            workspace=alice.workspaces.get(),
            actor=charlie,
            name="x",
            livemode=True,
            permissions=["read"],
        )


def test_bad_input_names_each_field(alice):
    with pytest.raises(ValidationError) as caught:
        key_create(
            workspace=alice.workspaces.get(),
            actor=alice,
            name="  ",
            livemode=True,
            permissions=["read", "fly"],
            allowed_ips=["10.0.0.0/8", "nonsense", "300.1.1.1"],
        )

    errors = caught.value.message_dict
    assert set(errors) >= {"name", "permissions"}


def test_each_bad_address_gets_its_own_message(alice):
    with pytest.raises(ValidationError) as caught:
        key_create(
            workspace=alice.workspaces.get(),
            actor=alice,
            name="k",
            livemode=True,
            permissions=["read"],
            allowed_ips=["10.0.0.0/8", "nonsense", "300.1.1.1"],
        )

    messages = caught.value.message_dict["allowed_ips"]
    assert len(messages) == 2
    assert "nonsense" in messages[0] and "300.1.1.1" in messages[1]


def test_a_key_lists_at_most_a_hundred_addresses_whichever_way_it_is_made(alice):
    with pytest.raises(ValidationError) as caught:
        key_create(
            workspace=alice.workspaces.get(),
            actor=alice,
            name="k",
            livemode=True,
            permissions=["read"],
            allowed_ips=[f"10.0.0.{n}" for n in range(101)],
        )

    assert caught.value.message_dict["allowed_ips"] == [
        "List at most 100 addresses or ranges; a wider range covers more."
    ]
    assert not ApiKey.objects.exists()


def test_updating_records_what_changed(alice, make_key):
    key, _ = make_key(alice, permissions=["read"])

    key_update(key=key, actor=alice, name="Renamed", permissions=["read", "write"])

    event = AuditEvent.objects.get(action="api_key.updated")
    assert event.metadata["changes"] == {
        "name": {"from": "Test key", "to": "Renamed"},
        "permissions": {"from": ["read"], "to": ["read", "write"]},
    }


def test_a_member_cannot_raise_a_key_to_admin(alice, bob, make_key):
    key, _ = make_key(bob, workspace=alice.workspaces.get(), permissions=["read"])

    with pytest.raises(ValidationError):
        key_update(key=key, actor=bob, permissions=["admin"])

    key.refresh_from_db()
    assert key.permissions == ["read"]


def test_rolling_without_grace_stops_the_old_key_at_once(alice, make_key):
    key, old_raw = make_key(alice)

    new_key, new_raw = key_roll(key=key, actor=alice)

    assert status_of(old_raw) == 401
    assert status_of(new_raw) == 200
    assert new_key.name == key.name and new_key.permissions == key.permissions
    assert AuditEvent.objects.filter(action="api_key.rolled", target_id=key.public_id).exists()


def test_rolling_with_grace_keeps_the_old_key_until_the_period_ends(alice, make_key):
    with time_machine.travel("2026-06-01 08:00Z", tick=False):
        key, old_raw = make_key(alice)
        _, new_raw = key_roll(key=key, actor=alice, grace=timedelta(hours=1))

    with time_machine.travel("2026-06-01 08:59:59Z", tick=False):
        assert status_of(old_raw) == 200
        assert status_of(new_raw) == 200
    with time_machine.travel("2026-06-01 09:00:00Z", tick=False):
        assert status_of(old_raw) == 401
        assert status_of(new_raw) == 200


def test_a_key_rolls_only_once(alice, make_key):
    key, _ = make_key(alice)
    key_roll(key=key, actor=alice, grace=timedelta(hours=1))

    with pytest.raises(ValidationError):
        key_roll(key=key, actor=alice)


def test_revoking_records_an_event_once(alice, make_key):
    key, _ = make_key(alice)

    key_revoke(key=key, actor=alice)
    key_revoke(key=key, actor=alice)

    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1
    key.refresh_from_db()
    assert key.revoked_by == alice and key.status == "revoked"


def test_audit_events_cannot_be_changed_or_deleted(alice, make_key):
    make_key(alice)
    event = AuditEvent.objects.get()

    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.update(action="x")
