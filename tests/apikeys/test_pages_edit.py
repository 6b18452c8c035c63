from accounts.models import Membership, User
from apikeys.services import key_revoke
from audit.models import AuditEvent
from tests.support import PASSWORD


def edit_url(key):
    return f"/settings/api/keys/{key.public_id}/edit/"


def test_the_form_starts_from_the_key_as_it_is(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier", allowed_ips=["203.0.113.7", "10.0.0.0/24"])

    html = alice_client.get(edit_url(key)).content.decode()

    assert 'value="Zapier"' in html
    assert "203.0.113.7/32\n10.0.0.0/24</textarea>" in html
    assert 'value="read" id="id_permissions_0" checked' in html


def test_it_changes_the_name_permissions_and_addresses(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier", permissions=("read",))

    response = alice_client.post(
        edit_url(key),
        {"name": "Zapier (prod)", "permissions": ["read", "write"], "allowed_ips": "2001:db8::1"},
        follow=True,
    )

    key.refresh_from_db()
    assert key.name == "Zapier (prod)"
    assert key.permissions == ["read", "write"]
    assert key.allowed_ips == ["2001:db8::1/128"]
    assert "Saved changes to “Zapier (prod)”." in response.content.decode()
    assert AuditEvent.objects.filter(action="api_key.updated", target_id=key.public_id).exists()


def test_clearing_the_addresses_allows_any_address(alice_client, alice, make_key):
    key, _ = make_key(alice, allowed_ips=["203.0.113.7"])

    alice_client.post(edit_url(key), {"name": key.name, "permissions": "read", "allowed_ips": ""})

    key.refresh_from_db()
    assert key.allowed_ips == []


def test_it_names_each_bad_address_and_changes_nothing(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier")

    response = alice_client.post(
        edit_url(key), {"name": "Renamed", "permissions": "read", "allowed_ips": "nope\n1.2.3.4"}
    )

    assert "Line 1: “nope” is not an IP address or CIDR range" in response.content.decode()
    key.refresh_from_db()
    assert key.name == "Zapier"


def test_it_refuses_more_addresses_than_every_request_should_check(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier")
    many = "\n".join(f"10.0.{n // 256}.{n % 256}" for n in range(101))

    response = alice_client.post(
        edit_url(key), {"name": "Renamed", "permissions": "read", "allowed_ips": many}
    )

    assert "List at most 100 addresses or ranges" in response.content.decode()
    key.refresh_from_db()
    assert (key.name, key.allowed_ips) == ("Zapier", [])


def test_a_member_cannot_turn_a_key_into_an_admin_key(client, alice, make_key):
    dana = User.objects.create_user("dana@example.com", password=PASSWORD)
    dana.workspaces.all().delete()
    Membership.objects.create(user=dana, workspace=alice.workspaces.get(), role="member")
    key, _ = make_key(dana, permissions=("read",))
    client.force_login(dana)

    response = client.post(edit_url(key), {"name": key.name, "permissions": ["read", "admin"]})

    assert "Only workspace owners and admins" in response.content.decode()
    key.refresh_from_db()
    assert key.permissions == ["read"]


def test_the_key_of_another_workspace_is_not_found(alice_client, charlie, make_key):
    key, _ = make_key(charlie, name="Charlie's")

    assert alice_client.get(edit_url(key)).status_code == 404
    assert (
        alice_client.post(edit_url(key), {"name": "Mine now", "permissions": "read"}).status_code
        == 404
    )
    assert alice_client.get(f"/settings/api/keys/{key.public_id}/").status_code == 404
    key.refresh_from_db()
    assert key.name == "Charlie's"


def test_a_revoked_key_cannot_be_edited(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Gone")
    key_revoke(key=key, actor=alice)

    response = alice_client.post(
        edit_url(key), {"name": "Back", "permissions": "read"}, follow=True
    )

    assert "is revoked and can no longer be changed" in response.content.decode()
    key.refresh_from_db()
    assert key.name == "Gone"
