import pytest
from django.core.exceptions import ValidationError

from apikeys.services import key_roll, key_update
from audit.models import AuditEvent


def test_a_member_may_lower_a_keys_limit(alice, bob, make_key):
    key, _ = make_key(bob, workspace=alice.workspaces.get())

    key_update(key=key, actor=bob, rate_limit=60)

    key.refresh_from_db()
    assert key.rate_limit == 60
    assert key.effective_rate_limit == 60
    assert AuditEvent.objects.filter(action="api_key.updated").exists()


def test_nobody_but_staff_may_raise_it_above_the_environments_limit(alice, make_key, settings):
    settings.RATE_LIMIT_TEST = 100
    key, _ = make_key(alice, livemode=False)

    with pytest.raises(ValidationError, match="between 1 and 100"):
        key_update(key=key, actor=alice, rate_limit=101)

    key.refresh_from_db()
    assert key.rate_limit is None
    assert key.effective_rate_limit == 100


def test_clearing_it_restores_the_default(alice, make_key):
    key, _ = make_key(alice, rate_limit=10)

    key_update(key=key, actor=alice, rate_limit=None)

    key.refresh_from_db()
    assert key.rate_limit is None


def test_a_rolled_key_keeps_its_limit(alice, make_key):
    key, _ = make_key(alice, rate_limit=10)

    new_key, _ = key_roll(key=key, actor=alice)

    assert new_key.rate_limit == 10


def test_the_settings_page_sets_the_limit(client, alice, make_key):
    key, _ = make_key(alice)
    client.force_login(alice)

    response = client.post(
        f"/settings/api/keys/{key.public_id}/edit/",
        {"name": key.name, "permissions": ["read"], "allowed_ips": "", "rate_limit": "30"},
    )

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.rate_limit == 30
    assert "30 requests per minute" in client.get(f"/settings/api/keys/{key.public_id}/").text


def test_the_settings_page_explains_a_limit_too_high(client, alice, make_key):
    key, _ = make_key(alice)
    client.force_login(alice)

    response = client.post(
        f"/settings/api/keys/{key.public_id}/edit/",
        {"name": key.name, "permissions": ["read"], "allowed_ips": "", "rate_limit": "999999"},
    )

    assert response.status_code == 200
    assert "Choose between 1 and 1000 requests per minute" in response.text
