import re
from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from apikeys.models import ApiKey

RAW_KEY = re.compile(r"ck_(?:live|test)_[0-9A-Za-z]{38}")


def roll_url(key):
    return f"/settings/api/keys/{key.public_id}/roll/"


def status_of(raw):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


def roll(client, key, grace):
    response = client.post(roll_url(key), {"grace": grace}, follow=True)
    [raw] = set(RAW_KEY.findall(response.content.decode()))
    return raw, response


def test_it_offers_the_grace_periods(alice_client, alice, make_key):
    key, _ = make_key(alice)

    html = alice_client.get(roll_url(key)).content.decode()

    for label in ("Immediately", "In 1 hour", "In 24 hours", "In 7 days"):
        assert label in html


def test_the_old_key_keeps_working_until_the_grace_period_ends(alice_client, alice, make_key):
    key, old_raw = make_key(alice, name="Billing worker")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        new_raw, response = roll(alice_client, key, "1h")
        assert "The old key keeps working for 1 hour." in response.content.decode()

    assert new_raw != old_raw
    with time_machine.travel(start + timedelta(minutes=59)):
        assert status_of(old_raw) == 200
        assert status_of(new_raw) == 200
    with time_machine.travel(start + timedelta(minutes=61)):
        assert status_of(old_raw) == 401
        assert status_of(new_raw) == 200


def test_without_a_grace_period_the_old_key_stops_at_once(alice_client, alice, make_key):
    key, old_raw = make_key(alice)

    new_raw, _ = roll(alice_client, key, "none")

    assert status_of(old_raw) == 401
    assert status_of(new_raw) == 200


def test_the_new_key_keeps_the_settings_and_is_shown_once(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Sync", permissions=("read", "delete"), livemode=False)

    response = alice_client.post(roll_url(key), {"grace": "24h"})
    first = alice_client.get(response["Location"]).content.decode()
    again = alice_client.get(response["Location"]).content.decode()

    new = ApiKey.objects.get(rolled_from=key)
    assert (new.name, new.permissions, new.livemode) == ("Sync", ["read", "delete"], False)
    assert ApiKey.objects.verify(RAW_KEY.search(first).group()) == new
    assert "no-store" in alice_client.get(response["Location"])["Cache-Control"]
    assert not RAW_KEY.search(again)


def test_a_key_cannot_be_rolled_twice(alice_client, alice, make_key):
    key, _ = make_key(alice)
    alice_client.post(roll_url(key), {"grace": "24h"})

    response = alice_client.post(roll_url(key), {"grace": "24h"})

    assert response.status_code == 200
    assert "This key was already rolled; roll its replacement instead." in (
        response.content.decode()
    )
    assert ApiKey.objects.count() == 2


def test_an_unknown_grace_period_is_refused(alice_client, alice, make_key):
    key, _ = make_key(alice)

    response = alice_client.post(roll_url(key), {"grace": "forever"})

    assert response.status_code == 200
    assert ApiKey.objects.count() == 1


def test_the_key_of_another_workspace_cannot_be_rolled(alice_client, charlie, make_key):
    key, _ = make_key(charlie)

    assert alice_client.post(roll_url(key), {"grace": "none"}).status_code == 404
    assert ApiKey.objects.count() == 1
