"""`manage.py prune_device_grants` clears the device grants that expired, beside `cleartokens`."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from oauthapps.models import AccessToken, DeviceGrant
from oauthapps.services.applications import application_delete

from .device_steps import DeviceFlow, device_app


@pytest.fixture
def device(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer))


def test_it_deletes_expired_grants_and_keeps_live_ones(device, alice):
    device.tokens_for(alice)
    stale = device.codes()

    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        live = device.codes()
        out = StringIO()
        call_command("prune_device_grants", stdout=out)

    assert "Deleted 2 expired device grants." in out.getvalue()
    assert list(DeviceGrant.objects.values_list("user_code", flat=True)) == [
        live["user_code"].replace("-", "")
    ]
    assert stale["user_code"].replace("-", "") not in out.getvalue()
    assert AccessToken.objects.count() == 1  # what a grant was redeemed for stays


def test_a_pruned_code_is_refused_like_an_unknown_one(device):
    codes = device.codes()

    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        call_command("prune_device_grants", stdout=StringIO())
        response = device.poll(codes["device_code"])

    assert response.json()["error"] == "invalid_grant"


def test_deleting_an_app_deletes_its_device_grants(device, developer):
    device.codes()

    application_delete(application=device.app, actor=developer)

    assert not DeviceGrant.objects.exists()
