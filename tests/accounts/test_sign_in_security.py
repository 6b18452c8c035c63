"""Sign-in throttling on /accounts/login/ and /admin/login/ (ACCOUNT_RATE_LIMITS):
5 failures per account and 20 per address in any 5 minutes."""

from datetime import timedelta
from unittest import mock

import time_machine
from django.contrib.auth.hashers import MD5PasswordHasher

from audit.models import AuditEvent
from tests.accounts.security_steps import sign_in
from tests.audit.conftest import NOON

REFUSED = "Too many failed sign-in attempts. Try again in"


def fail(client, email="alice@example.com", times=1, ip="198.51.100.7"):
    return [sign_in(client, email, password=f"guess-{n}", ip=ip) for n in range(times)][-1]


def test_the_sixth_failure_for_one_account_is_refused_saying_when_to_retry(client, alice):
    with time_machine.travel(NOON, tick=False):
        fifth = fail(client, times=5)
        sixth = fail(client)

    assert REFUSED not in fifth.text
    assert "Too many failed sign-in attempts. Try again in 5 minutes." in sixth.text


def test_a_refused_attempt_refuses_the_right_password_too(client, alice):
    with time_machine.travel(NOON, tick=False):
        fail(client, times=5)
        response = sign_in(client, "alice@example.com")

    assert response.status_code == 200 and REFUSED in response.text


def test_a_refused_attempt_hashes_no_password(client, alice):
    with time_machine.travel(NOON, tick=False):
        fail(client, times=5)
        with (
            mock.patch.object(MD5PasswordHasher, "verify", autospec=True) as verify,
            mock.patch.object(MD5PasswordHasher, "encode", autospec=True) as encode,
        ):
            response = fail(client)

    assert REFUSED in response.text
    assert (verify.call_count, encode.call_count) == (0, 0)


def test_the_account_may_try_again_once_the_window_has_passed(client, alice):
    with time_machine.travel(NOON, tick=False) as clock:
        fail(client, times=5)
        clock.shift(timedelta(minutes=5, seconds=1))
        response = sign_in(client, "alice@example.com")

    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_refused_after_twenty(client, db):
    with time_machine.travel(NOON, tick=False):
        for n in range(20):
            fail(client, email=f"user{n}@example.com")
        response = fail(client, email="someone-new@example.com")

    assert REFUSED in response.text


def test_another_address_is_not_held_to_the_first_ones_limit(client, db):
    with time_machine.travel(NOON, tick=False):
        for n in range(20):
            fail(client, email=f"user{n}@example.com", ip="198.51.100.1")
        response = fail(client, email="someone@example.com", ip="198.51.100.2")

    assert REFUSED not in response.text


def test_a_refused_attempt_is_a_security_event(client, alice):
    with time_machine.travel(NOON, tick=False):
        fail(client, times=6)

    event = AuditEvent.objects.get(action="user.login_throttled")
    assert event.workspace == alice.workspaces.get()
    assert event.metadata["email"] == "alice@example.com"


def test_spraying_unknown_emails_folds_into_a_few_events_per_address(client, db, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login": "1000/m/ip", "login_failed": "1000/m/ip,5/m/key"}
    with time_machine.travel(NOON, tick=False):
        for n in range(200):
            fail(client, email=f"invented-{n}@example.com")

    counts = [e.metadata["count"] for e in AuditEvent.objects.order_by("id")]
    assert counts == [1, 2, 4, 8, 16, 32, 64, 128]


def test_the_admin_signs_in_through_the_throttled_form(client, alice):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_the_admin_is_refused_like_everyone_else(client, alice):
    alice.is_staff = True
    alice.save()
    with time_machine.travel(NOON, tick=False):
        fail(client, times=5)
        refused = client.post(
            "/accounts/login/?next=/admin/",
            {"login": "alice@example.com", "password": "x", "next": "/admin/"},
        )

    assert REFUSED in refused.text
