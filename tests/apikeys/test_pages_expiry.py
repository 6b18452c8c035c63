from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from apikeys.models import ApiKey
from apikeys.services import key_roll

NEW_URL = "/settings/api/keys/new/"
NOW = datetime(2026, 3, 3, 9, 30, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("frozen")


def create(client, **fields):
    data = {"name": "Zapier", "environment": "live", "permissions": ["read"], **fields}
    return client.post(NEW_URL, data)


def edit(client, key, **fields):
    data = {"name": key.name, "permissions": key.permissions, "allowed_ips": "", **fields}
    return client.post(f"/settings/api/keys/{key.public_id}/edit/", data)


def test_the_create_page_offers_the_presets_and_defaults_to_no_expiry(alice_client):
    html = alice_client.get(NEW_URL).content.decode()

    for label in ("30 days", "60 days", "90 days", "Custom date", "Never"):
        assert f"<strong>{label}</strong>" in html
    assert "Until Apr 2, 2026" in html  # 30 days from now
    assert 'name="expiry" value="none" id="id_expiry_4" checked' in html
    assert 'type="date"' in html and 'min="2026-03-04"' in html


@pytest.mark.parametrize("days", [30, 60, 90])
def test_a_preset_makes_the_key_last_that_many_days(alice_client, days):
    create(alice_client, expiry=str(days))

    assert ApiKey.objects.get().expires_at == NOW + timedelta(days=days)


def test_a_custom_day_makes_the_key_stop_at_its_start(alice_client):
    create(alice_client, expiry="custom", expires_at="2026-05-01")

    assert ApiKey.objects.get().expires_at == datetime(2026, 5, 1, tzinfo=UTC)


def test_a_preset_wins_over_a_day_left_in_the_date_field(alice_client):
    create(alice_client, expiry="30", expires_at="2026-05-01")

    assert ApiKey.objects.get().expires_at == NOW + timedelta(days=30)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("", "Choose the day the key stops working."),
        ("2026-03-03", "The expiry must be in the future."),
        ("2025-12-31", "The expiry must be in the future."),
    ],
)
def test_a_custom_expiry_needs_a_future_day(alice_client, day, message):
    response = create(alice_client, expiry="custom", expires_at=day)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApiKey.objects.exists()


def test_never_means_no_expiry(alice_client):
    create(alice_client, expiry="none", expires_at="")

    assert ApiKey.objects.get().expires_at is None


def test_the_edit_page_keeps_the_expiry_unless_asked(alice_client, alice, make_key):
    key, _ = make_key(alice, expires_at=NOW + timedelta(days=10))

    html = alice_client.get(f"/settings/api/keys/{key.public_id}/edit/").content.decode()
    edit(alice_client, key, name="Renamed", expiry="keep")

    assert "Mar 13, 2026, 09:30 UTC" in html
    assert 'name="expiry" value="keep" id="id_expiry_0" checked' in html
    key.refresh_from_db()
    assert key.name == "Renamed" and key.expires_at == NOW + timedelta(days=10)


def test_an_expiry_is_extended_from_today(alice_client, alice, make_key):
    key, _ = make_key(alice, expires_at=NOW + timedelta(days=3))

    response = edit(alice_client, key, expiry="90")

    assert response.status_code == 302
    key.refresh_from_db()
    assert key.expires_at == NOW + timedelta(days=90)


def test_an_expiry_can_be_removed_or_set_to_a_day(alice_client, alice, make_key):
    key, _ = make_key(alice, expires_at=NOW + timedelta(days=3))

    edit(alice_client, key, expiry="none")
    key.refresh_from_db()
    assert key.expires_at is None

    edit(alice_client, key, expiry="custom", expires_at="2026-12-24")
    key.refresh_from_db()
    assert key.expires_at == datetime(2026, 12, 24, tzinfo=UTC)


def test_a_rolled_keys_expiry_cannot_change_and_the_page_says_why(alice_client, alice, make_key):
    key, _ = make_key(alice)
    key_roll(key=key, actor=alice, grace=timedelta(hours=24))
    key.refresh_from_db()

    html = alice_client.get(f"/settings/api/keys/{key.public_id}/edit/").content.decode()
    response = edit(alice_client, key, expiry="90")

    assert "This key was rolled: it stops when its grace period ends" in html
    assert 'name="expiry"' not in html
    assert response.status_code == 200
    assert "This key was rolled: it stops when its grace period ends." in (
        response.content.decode()
    )
    assert ApiKey.objects.get(pk=key.pk).expires_at == NOW + timedelta(hours=24)


def test_the_list_and_detail_page_say_how_long_a_key_has_left(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Month", expires_at=timezone.now() + timedelta(days=30))

    listing = alice_client.get("/settings/api/").content.decode()
    detail = alice_client.get(f"/settings/api/keys/{key.public_id}/").content.decode()

    assert "Expires in 30 days" in listing
    assert "Apr 2, 2026, 09:30 UTC" in detail
