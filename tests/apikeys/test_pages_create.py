from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import Membership, User
from apikeys.models import ApiKey
from audit.models import AuditEvent
from tests.support import PASSWORD, key_form

NEW_URL = "/settings/api/keys/new/"


@pytest.fixture
def dana(alice):
    """A member of Alice's workspace with no workspace of her own."""
    user = User.objects.create_user("dana@example.com", password=PASSWORD, name="Dana Member")
    user.workspaces.all().delete()
    Membership.objects.create(
        user=user, workspace=alice.workspaces.get(), role=Membership.Role.MEMBER
    )
    return user


def test_it_offers_every_permission_with_its_description(alice_client):
    html = alice_client.get(NEW_URL).content.decode()

    for label, description in [
        ("Read", "View records and data"),
        ("Write", "Create and update records"),
        ("Delete", "Remove records"),
        ("Admin", "Manage settings and users"),
    ]:
        assert f"<strong>{label}</strong>" in html
        assert description in html


def test_it_creates_a_key_and_sends_the_user_to_its_one_time_page(alice_client, alice):
    response = alice_client.post(
        NEW_URL,
        key_form(environment="test", allowed_ips="203.0.113.7\n\n2001:db8::/32\n", expires_at=""),
    )

    key = ApiKey.objects.get()
    assert response.status_code == 302
    assert response["Location"].startswith("/settings/api/keys/secret/")
    assert key.name == "Production Integration"
    assert key.livemode is False
    assert key.permissions == ["read", "write"]
    assert key.allowed_ips == ["203.0.113.7/32", "2001:db8::/32"]
    assert key.created_by == alice and key.workspace == alice.workspaces.get()
    assert key.expires_at is None


def test_the_creation_is_audited_with_the_request_address(alice_client):
    alice_client.post(NEW_URL, key_form(), REMOTE_ADDR="198.51.100.8")

    event = AuditEvent.objects.get(action="api_key.created")
    assert event.ip == "198.51.100.8"


def test_an_expiry_date_makes_the_key_stop_at_the_start_of_that_day(alice_client):
    day = (timezone.now() + timedelta(days=30)).date()

    alice_client.post(NEW_URL, key_form(expires_at=day.isoformat()))

    assert ApiKey.objects.get().expires_at == datetime(day.year, day.month, day.day, tzinfo=UTC)


def test_it_refuses_an_expiry_date_in_the_past(alice_client):
    response = alice_client.post(NEW_URL, key_form(expires_at="2020-01-01"))

    assert response.status_code == 200
    assert "The expiry must be in the future." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_it_names_each_bad_address_on_its_own_line(alice_client):
    response = alice_client.post(
        NEW_URL, key_form(allowed_ips="203.0.113.7\nlocalhost\n10.0.0.0/33\n2001:db8::1")
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Line 2: “localhost” is not an IP address or CIDR range" in html
    assert "Line 3: “10.0.0.0/33” is not an IP address or CIDR range" in html
    assert "Line 1" not in html and "Line 4" not in html
    assert not ApiKey.objects.exists()


def test_it_refuses_an_empty_name(alice_client):
    response = alice_client.post(NEW_URL, key_form(name="   "))

    assert response.status_code == 200
    assert "Give the key a name" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_it_refuses_a_key_without_permissions(alice_client):
    response = alice_client.post(NEW_URL, key_form(permissions=[]))

    assert "Choose at least one permission." in response.content.decode()
    assert not ApiKey.objects.exists()


def test_an_owner_may_create_an_admin_key(alice_client):
    alice_client.post(NEW_URL, key_form(permissions=["admin"]))

    assert ApiKey.objects.get().permissions == ["read", "write", "delete", "admin"]


def test_a_member_sees_the_admin_permission_disabled(client, dana):
    client.force_login(dana)

    html = client.get(NEW_URL).content.decode()

    assert 'value="admin" id="id_permissions_3" disabled' in html
    assert "Only workspace owners and admins can grant Admin." in html


def test_a_member_cannot_create_an_admin_key_even_by_forging_the_form(client, dana):
    client.force_login(dana)

    response = client.post(NEW_URL, key_form(permissions=["read", "admin"]))

    assert response.status_code == 200
    assert "Only workspace owners and admins can create or grant admin keys." in (
        response.content.decode()
    )
    assert not ApiKey.objects.exists()


def test_a_member_may_create_a_key_without_admin(client, dana, alice):
    client.force_login(dana)

    client.post(NEW_URL, key_form(permissions=["read", "delete"]))

    key = ApiKey.objects.get()
    assert key.workspace == alice.workspaces.get()
    assert key.created_by == dana
