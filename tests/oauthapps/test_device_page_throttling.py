"""Wrong codes at /oauth/device are limited per person and per address, so codes can't be
guessed; right codes and typos cost nothing."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.utils import timezone

from accounts.services import user_signup
from oauthapps.models import DeviceGrant
from tests.support import PASSWORD

from .device_steps import DeviceFlow, device_app

WRONG = "BBBB-BBBB"


@pytest.fixture
def device(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer))


@pytest.fixture
def codes(device):
    codes = device.codes()
    assert codes["user_code"] != WRONG
    return codes


@pytest.fixture
def mid_minute():
    """Mid-minute, so that the limits' one-minute window does not roll over mid-test."""
    start = timezone.now().replace(second=10, microsecond=0) + timedelta(minutes=1)
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_USER=3)
def test_after_too_many_wrong_codes_even_the_right_one_waits(device, codes, alice, mid_minute):
    for _ in range(3):
        assert device.enter(alice, WRONG).status_code == 200

    refused = device.enter(alice, codes["user_code"])

    assert refused.status_code == 429
    assert refused["Retry-After"] == "50"
    assert "Try again in 50 seconds" in refused.content.decode()
    assert refused.templates[0].name == "oauthapps/device_rate_limited.html"


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_USER=3)
def test_the_limit_lifts_when_the_minute_is_over(device, codes, alice, mid_minute):
    for _ in range(3):
        device.enter(alice, WRONG)

    mid_minute.shift(timedelta(seconds=50))
    page = device.enter(alice, codes["user_code"])

    assert page.status_code == 200
    assert page.templates[0].name == "oauthapps/device_consent.html"


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_USER=3)
def test_a_refused_answer_on_the_consent_page_is_not_taken(device, codes, alice, mid_minute):
    page = device.enter(alice, codes["user_code"])
    for _ in range(3):
        device.enter(alice, WRONG)

    refused = device.answer(page)

    assert refused.status_code == 429
    assert DeviceGrant.objects.get().status == DeviceGrant.AUTHORIZATION_PENDING


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_USER=3)
def test_right_codes_and_typos_are_not_counted(device, codes, alice, mid_minute):
    for _ in range(5):
        assert device.enter(alice, codes["user_code"]).status_code == 200
        assert device.enter(alice, "not a code").status_code == 200

    assert device.enter(alice, codes["user_code"]).status_code == 200


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_USER=3)
def test_one_persons_wrong_codes_do_not_hold_up_another(device, codes, alice, bob, mid_minute):
    for _ in range(3):
        device.enter(alice, WRONG, REMOTE_ADDR="198.51.100.1")

    page = device.enter(bob, codes["user_code"], REMOTE_ADDR="198.51.100.2")

    assert page.status_code == 200


@override_settings(OAUTH_DEVICE_CODE_GUESSES_PER_ADDRESS=4)
def test_wrong_codes_from_one_address_are_limited_across_accounts(device, codes, db, mid_minute):
    address = {"REMOTE_ADDR": "203.0.113.9"}
    for n in range(4):
        guesser = user_signup(email=f"guesser{n}@example.com", password=PASSWORD)
        device.enter(guesser, WRONG, **address)
    newcomer = user_signup(email="newcomer@example.com", password=PASSWORD)

    from_there = device.enter(newcomer, codes["user_code"], **address)
    from_elsewhere = device.enter(newcomer, codes["user_code"], REMOTE_ADDR="203.0.113.10")

    assert from_there.status_code == 429
    assert from_elsewhere.status_code == 200
