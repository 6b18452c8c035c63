import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from accounts.models import User
from audit.models import AuditEvent

KEYS_URL = "/admin/apikeys/apikey/"


@pytest.fixture
def viewer(db):
    """Staff who may look at keys but not change them."""
    user = User.objects.create_user("viewer@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_apikey"))
    client = Client()
    client.force_login(user)
    return client


def me(raw: str):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_staff_see_the_keys_without_their_digest_or_secret(staff, alice, make_key):
    key, raw = make_key(alice, name="Nightly sync", permissions=["read", "write"])

    html = staff.get(KEYS_URL).content.decode()

    for shown in ("Nightly sync", key.hint, alice.email, key.workspace.name, "read, write"):
        assert escape(shown) in html
    assert key.digest not in html
    assert raw not in html


def test_a_keys_page_offers_only_the_rate_limit_and_hides_the_digest(staff, alice, make_key):
    key, raw = make_key(alice, allowed_ips=["10.0.0.0/8"])

    response = staff.get(f"{KEYS_URL}{key.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert key.hint in html and "10.0.0.0/8" in html
    assert key.digest not in html
    assert raw not in html
    assert 'name="rate_limit"' in html
    assert 'name="name"' not in html and 'name="permissions"' not in html


def test_staff_can_raise_a_keys_rate_limit_and_nothing_else(staff, alice, make_key):
    key, _ = make_key(alice, name="Original")

    response = staff.post(f"{KEYS_URL}{key.pk}/change/", {"name": "Renamed", "rate_limit": "5000"})

    assert response.status_code == 302
    key.refresh_from_db()
    assert (key.name, key.rate_limit) == ("Original", 5000)
    event = AuditEvent.objects.get(action="api_key.updated")
    assert event.actor == staff.user
    assert event.metadata["changes"] == {"rate_limit": {"from": None, "to": 5000}}


def test_a_revoked_keys_page_offers_nothing_to_change(staff, alice, make_key):
    from apikeys.services import key_revoke

    key, _ = make_key(alice)
    key_revoke(key=key, actor=alice)

    html = staff.get(f"{KEYS_URL}{key.pk}/change/").content.decode()

    assert 'name="rate_limit"' not in html


def test_staff_who_may_only_view_cannot_change_the_rate_limit(viewer, alice, make_key):
    key, _ = make_key(alice)

    viewer.post(f"{KEYS_URL}{key.pk}/change/", {"rate_limit": "5000"})

    key.refresh_from_db()
    assert key.rate_limit is None


def test_keys_cannot_be_created_from_the_admin(staff):
    assert staff.get(f"{KEYS_URL}add/").status_code == 403
    assert b'href="/admin/apikeys/apikey/add/"' not in staff.get(KEYS_URL).content


def test_keys_cannot_be_deleted_from_the_admin(staff, alice, make_key):
    key, raw = make_key(alice)

    assert staff.post(f"{KEYS_URL}{key.pk}/delete/", {"post": "yes"}).status_code == 403
    assert me(raw).status_code == 200


def test_staff_revoke_selected_keys_each_with_an_audit_event(staff, alice, charlie, make_key):
    first, first_raw = make_key(alice, name="First")
    second, second_raw = make_key(charlie, name="Second")
    _, kept_raw = make_key(alice, name="Kept")

    response = staff.post(
        KEYS_URL, {"action": "revoke_selected", "_selected_action": [first.pk, second.pk]}
    )

    assert response.status_code == 302
    assert me(first_raw).status_code == 401
    assert me(second_raw).status_code == 401
    assert me(kept_raw).status_code == 200
    events = AuditEvent.objects.filter(action="api_key.revoked")
    assert {event.target_id for event in events} == {first.public_id, second.public_id}
    assert all(event.actor == staff.user for event in events)


def test_revoking_an_already_revoked_key_writes_no_second_event(staff, alice, make_key):
    key, _ = make_key(alice)
    selection = {"action": "revoke_selected", "_selected_action": [key.pk]}
    staff.post(KEYS_URL, selection)

    staff.post(KEYS_URL, selection)

    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_staff_who_may_only_view_keys_cannot_revoke_them(viewer, alice, make_key):
    key, raw = make_key(alice)

    listing = viewer.get(KEYS_URL)
    viewer.post(KEYS_URL, {"action": "revoke_selected", "_selected_action": [key.pk]})

    assert listing.status_code == 200
    assert b"revoke_selected" not in listing.content
    assert me(raw).status_code == 200


def test_staff_find_keys_by_hint_and_by_owner(staff, alice, charlie, make_key):
    alices, _ = make_key(alice, name="Alice key")
    make_key(charlie, name="Charlie key")

    by_hint = staff.get(KEYS_URL, {"q": alices.hint}).content.decode()
    by_owner = staff.get(KEYS_URL, {"q": "charlie@example.com"}).content.decode()

    assert "Alice key" in by_hint and "Charlie key" not in by_hint
    assert "Charlie key" in by_owner and "Alice key" not in by_owner


def test_staff_filter_keys_by_status_and_environment(staff, alice, make_key):
    revoked, _ = make_key(alice, name="Gone key")
    make_key(alice, name="Sandbox key", livemode=False)
    staff.post(KEYS_URL, {"action": "revoke_selected", "_selected_action": [revoked.pk]})

    only_revoked = staff.get(KEYS_URL, {"status": "revoked"}).content.decode()
    only_test = staff.get(KEYS_URL, {"environment": "test"}).content.decode()

    assert "Gone key" in only_revoked and "Sandbox key" not in only_revoked
    assert "Sandbox key" in only_test and "Gone key" not in only_test


def test_a_rate_limit_set_by_staff_is_recorded_as_done_from_the_admin(staff, alice, make_key):
    key, _ = make_key(alice)

    staff.post(f"{KEYS_URL}{key.pk}/change/", {"rate_limit": "20"})

    event = AuditEvent.objects.get(action="api_key.updated")
    assert event.actor == staff.user
    assert event.workspace == key.workspace
    assert event.metadata["via"] == "admin"


def test_keys_revoked_by_staff_read_as_revoked_from_the_admin(staff, alice, make_key):
    key, _ = make_key(alice)

    staff.post(KEYS_URL, {"action": "revoke_selected", "_selected_action": [key.pk]})

    key.refresh_from_db()
    assert (key.revoked_via, key.revoked_by) == ("admin", staff.user)
    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.actor == staff.user
    assert event.metadata == {"reason": "admin", "via": "admin"}
