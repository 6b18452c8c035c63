"""Account security in a real browser: two-factor sign-in, a password reset from
the mail it sends, and sudo mode before rolling a key. Each page is shot at a
desktop and a phone width (test-artifacts/screenshots/)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

from apikeys.models import ApiKey
from tests.accounts.security_steps import link_in, totp_code
from tests.support import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}
NEW_PASSWORD = "a brand new passphrase 77"


@pytest.fixture
def shoot(page, screenshot):
    """shoot("name"): the page at 1280 px and at 390 px."""

    def take(name: str) -> None:
        screenshot(f"{name}_1280")
        page.set_viewport_size(PHONE)
        screenshot(f"{name}_390")
        page.set_viewport_size(DESKTOP)

    return take


def fill_login(page, email, password=PASSWORD):
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.click("button:has-text('Log in')")


def test_signing_in_with_two_factor(page, shoot, alice, transactional_db):
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    RecoveryCodes.activate(alice)

    page.goto("/accounts/login/")
    shoot("login")
    fill_login(page, "alice@example.com")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    shoot("two_factor_code")
    page.fill("#id_code", totp_code(secret))
    page.click("button[type=submit]")

    page.wait_for_url("**/settings/api/")
    assert page.locator(".topbar-user", has_text="alice@example.com").is_visible()


def test_turning_on_two_factor_in_settings(page, shoot, alice, transactional_db):
    page.goto("/accounts/login/")
    fill_login(page, "alice@example.com")
    page.wait_for_url("**/settings/api/")
    page.click("nav[aria-label=Settings] >> text=Two-factor")
    page.wait_for_url("**/accounts/2fa/")
    shoot("two_factor_settings")
    page.click("a:has-text('Activate')")

    # Turning it on is itself a sensitive change: allauth asks for the password.
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Confirm')")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    shoot("two_factor_activate")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", totp_code(secret))
    page.click("button:has-text('Activate')")

    page.wait_for_url("**/accounts/2fa/recovery-codes/**")
    shoot("recovery_codes")
    assert alice.authenticator_set.filter(type="totp").exists()


def test_resetting_a_password_from_the_mail(page, shoot, live_server, alice, transactional_db):
    page.goto("/accounts/signup/")
    shoot("signup")
    page.goto("/accounts/login/")
    page.click("text=Forgot your password?")
    page.wait_for_url("**/accounts/password_reset/")
    page.fill("#id_email", "alice@example.com")
    shoot("password_reset")
    page.click("button:has-text('Email me a reset link')")
    page.wait_for_url("**/accounts/password/reset/done/")
    shoot("password_reset_sent")

    # The live server runs in this process: its locmem mail is ours to read.
    link = link_in(mail.outbox[-1].body, "/accounts/password/reset/key/")
    page.goto(link)
    page.wait_for_url("**-set-password/")
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    shoot("password_reset_new_password")
    page.click("button[type=submit]")
    page.wait_for_url("**/accounts/password/reset/key/done/")

    page.goto("/accounts/login/")
    fill_login(page, "alice@example.com", NEW_PASSWORD)
    page.wait_for_url("**/settings/api/")


def test_rolling_a_key_after_ten_minutes_asks_for_the_password_first(
    page, shoot, alice, make_key, transactional_db
):
    key, _ = make_key(alice, permissions=("read", "write"), name="Billing sync")
    with time_machine.travel(datetime.now(UTC), tick=True) as clock:
        page.goto("/accounts/login/")
        fill_login(page, "alice@example.com")
        page.wait_for_url("**/settings/api/")
        page.goto(f"/settings/api/keys/{key.public_id}/roll/")
        clock.shift(timedelta(minutes=11))
        page.click("button:has-text('Roll key')")

        page.wait_for_url("**/accounts/reauthenticate/**")
        assert page.locator("h1", has_text="Confirm it's you").is_visible()
        shoot("sudo_prompt")
        page.fill("#id_password", PASSWORD)
        page.click("button:has-text('Confirm')")

        # The roll that was asked for goes through: its new secret is shown once.
        page.wait_for_url("**/settings/api/keys/secret/**")
        assert page.input_value("#api-key-secret").startswith("ck_live_")
    assert ApiKey.objects.get(pk=key.pk).rolled_at is not None
