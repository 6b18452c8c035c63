"""Concurrent polls of one allowed device code, in real threads on the real database.

Each thread is the device (or a copy of its code) polling at the same moment
after the person clicked Allow. One conditional UPDATE redeems the grant, so
exactly one poll gets a token pair and every other gets `invalid_grant`,
never a 500 or a second pair. Runs on whichever database DATABASE_URL names.
"""

from urllib.parse import urlencode

import pytest
from django.test import Client

from oauthapps.models import AccessToken, DeviceGrant, RefreshToken
from tests.support import at_once

from .conftest import bearer
from .device_steps import DEVICE_CODE_GRANT, FORM, DeviceFlow, device_app

THREADS = 8


def poll_at_once(device, device_code: str) -> list:
    body = urlencode(
        {
            "grant_type": DEVICE_CODE_GRANT,
            "device_code": device_code,
            "client_id": device.app.client_id,
        }
    )
    return at_once(THREADS, lambda: Client().post("/oauth/token", body, content_type=FORM))


@pytest.fixture
def raced(transactional_db, make_app, developer, alice):
    device = DeviceFlow(*device_app(make_app, developer))
    codes = device.codes()
    device.approve(alice, codes["user_code"])
    return poll_at_once(device, codes["device_code"])


def test_exactly_one_of_concurrent_polls_gets_a_pair(raced):
    statuses = sorted(response.status_code for response in raced)

    assert statuses == [200] + [400] * (THREADS - 1)
    assert AccessToken.objects.count() == 1
    assert RefreshToken.objects.count() == 1
    assert DeviceGrant.objects.get().redeemed_at is not None


def test_every_other_poll_gets_invalid_grant_as_json(raced):
    losers = [response for response in raced if response.status_code != 200]

    for response in losers:
        assert response["Content-Type"] == "application/json"
        assert response.json()["error"] == "invalid_grant"


def test_the_winners_pair_works(raced, client):
    winner = next(response for response in raced if response.status_code == 200).json()

    assert client.get("/v1/users/me", **bearer(winner["access_token"])).status_code == 200
