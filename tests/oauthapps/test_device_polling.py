"""The device polls /oauth/token (RFC 8628 section 3.4 and 3.5) until it gets its one pair."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Membership
from oauthapps.models import AccessToken, Application, DeviceGrant, RefreshToken
from oauthapps.services.authorizations import authorization_revoke

from .conftest import bearer
from .device_steps import DeviceFlow, device_app


@pytest.fixture
def device(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer))


def error_of(response) -> str:
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response.json()["error"]


def test_it_is_pending_until_the_user_allows_then_gives_tokens_that_work(device, alice, client):
    codes = device.codes()
    waiting = device.poll(codes["device_code"])
    device.approve(alice, codes["user_code"])

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        tokens = device.poll(codes["device_code"])

    assert waiting.status_code == 400
    assert error_of(waiting) == "authorization_pending"
    body = tokens.json()
    assert tokens.status_code == 200
    assert body["access_token"].startswith("at_")
    assert body["refresh_token"].startswith("rt_")
    assert body["scope"] == "read write"
    me = client.get("/v1/users/me", **bearer(body["access_token"]))
    assert me.status_code == 200
    assert me.json()["data"]["email"] == "alice@example.com"


def test_the_tokens_act_on_the_workspace_the_user_chose(device, bob, workspace):
    assert bob.workspaces.count() == 2

    device.tokens_for(bob, workspace=workspace)

    assert AccessToken.objects.get().workspace == workspace
    assert RefreshToken.objects.get().workspace == workspace


def test_the_refresh_token_works_at_the_token_endpoint(device, alice):
    tokens = device.tokens_for(alice)

    refreshed = device.post(
        "/oauth/token",
        {
            "grant_type": "refresh_token",
            "refresh_token": tokens["refresh_token"],
            "client_id": device.app.client_id,
        },
    )

    assert refreshed.status_code == 200
    assert refreshed.json()["access_token"] != tokens["access_token"]


def test_a_second_poll_after_success_gets_no_second_pair(device, alice):
    codes = device.codes()
    device.approve(alice, codes["user_code"])
    assert device.poll(codes["device_code"]).status_code == 200

    again = device.poll(codes["device_code"])

    assert again.status_code == 400
    assert error_of(again) == "invalid_grant"
    assert AccessToken.objects.count() == 1
    assert RefreshToken.objects.count() == 1


def test_polling_faster_than_the_interval_is_slow_down(device):
    codes = device.codes()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        device.poll(codes["device_code"])
    with time_machine.travel(start + timedelta(seconds=2), tick=False):
        too_soon = device.poll(codes["device_code"])
    with time_machine.travel(start + timedelta(seconds=7), tick=False):
        on_the_old_interval = device.poll(codes["device_code"])
    with time_machine.travel(start + timedelta(seconds=22), tick=False):
        on_the_new_interval = device.poll(codes["device_code"])

    assert error_of(too_soon) == "slow_down"
    assert error_of(on_the_old_interval) == "slow_down"  # 5 s after the last; 10 s apply now
    assert error_of(on_the_new_interval) == "authorization_pending"
    assert DeviceGrant.objects.get().interval == 15


def test_polling_at_the_interval_is_never_slow_down(device):
    codes = device.codes()
    start = timezone.now()

    answers = []
    for poll in range(4):
        with time_machine.travel(start + timedelta(seconds=5 * poll), tick=False):
            answers.append(error_of(device.poll(codes["device_code"])))

    assert answers == ["authorization_pending"] * 4
    assert DeviceGrant.objects.get().interval == 5


def test_an_expired_device_code_is_expired_token(device, alice):
    codes = device.codes()

    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        response = device.poll(codes["device_code"])

    assert response.status_code == 400
    assert error_of(response) == "expired_token"


def test_an_allowed_code_that_expired_before_the_poll_gives_nothing(device, alice):
    codes = device.codes()
    device.approve(alice, codes["user_code"])

    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        response = device.poll(codes["device_code"])

    assert error_of(response) == "expired_token"
    assert not AccessToken.objects.exists()


def test_a_denied_code_is_access_denied(device, alice):
    codes = device.codes()
    device.deny(alice, codes["user_code"])

    response = device.poll(codes["device_code"])

    assert response.status_code == 400
    assert error_of(response) == "access_denied"
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("device_code", ["not-a-code", ""])
def test_an_unknown_or_missing_device_code_is_refused(device, device_code):
    device.codes()

    response = device.poll(device_code)

    assert response.status_code == 400
    assert error_of(response) == ("invalid_grant" if device_code else "invalid_request")


def test_another_apps_device_code_is_invalid_grant(device, make_app, developer, alice):
    codes = device.codes()
    device.approve(alice, codes["user_code"])
    other = DeviceFlow(*device_app(make_app, developer))

    response = other.poll(codes["device_code"])

    assert error_of(response) == "invalid_grant"
    assert not AccessToken.objects.exists()


def test_an_app_that_turned_the_grant_off_gets_no_more_tokens(device, alice):
    codes = device.codes()
    device.approve(alice, codes["user_code"])
    Application.objects.filter(pk=device.app.pk).update(device_flow_enabled=False)

    response = device.poll(codes["device_code"])

    assert error_of(response) == "unauthorized_client"


def test_an_app_without_the_grant_cannot_poll(make_app, developer):
    app, _secret = make_app(developer, client_type=Application.CLIENT_PUBLIC)

    response = DeviceFlow(app).poll("whatever")

    assert error_of(response) == "unauthorized_client"


def test_a_confidential_client_polls_with_its_secret(make_app, developer, alice):
    device = DeviceFlow(
        *device_app(make_app, developer, client_type=Application.CLIENT_CONFIDENTIAL)
    )
    codes = device.codes()
    device.approve(alice, codes["user_code"])

    without = device.poll(codes["device_code"], with_secret=False)
    with_it = device.poll(codes["device_code"])

    assert without.status_code == 401
    assert error_of(without) == "invalid_client"
    assert with_it.status_code == 200


def test_a_user_who_left_the_workspace_before_the_poll_gets_it_no_tokens(device, bob, workspace):
    codes = device.codes()
    device.approve(bob, codes["user_code"], workspace=workspace)
    Membership.objects.filter(user=bob, workspace=workspace).delete()

    response = device.poll(codes["device_code"])

    assert error_of(response) == "invalid_grant"
    assert not AccessToken.objects.exists()


def test_an_app_revoked_between_allow_and_the_poll_gets_no_tokens(device, alice):
    codes = device.codes()
    device.approve(alice, codes["user_code"])
    authorization_revoke(user=alice, actor=alice, application=device.app)

    response = device.poll(codes["device_code"])

    assert error_of(response) == "invalid_grant"
    assert not AccessToken.objects.exists()
