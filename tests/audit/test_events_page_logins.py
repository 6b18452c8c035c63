from datetime import timedelta

import time_machine

from audit.models import AuditEvent
from tests.audit.conftest import NOON
from tests.support import PASSWORD

LOGIN = "/accounts/login/"


def sign_in(client, email, password=PASSWORD, ip="198.51.100.7"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def failures():
    return list(AuditEvent.objects.filter(action="user.login_failed").order_by("id"))


def test_signing_in_records_an_event_in_the_users_workspace(client, alice):
    sign_in(client, "alice@example.com", ip="203.0.113.5")

    event = AuditEvent.objects.get(action="user.login")
    assert (event.actor, event.workspace) == (alice, alice.workspaces.get())
    assert event.ip == "203.0.113.5"


def test_the_event_goes_to_the_first_workspace_of_a_user_in_several(client, bob, alice):
    sign_in(client, "bob@example.com")

    event = AuditEvent.objects.get(action="user.login")
    assert event.workspace == bob.memberships.order_by("id").first().workspace


def test_a_wrong_password_records_a_failure_against_the_account(client, alice):
    sign_in(client, "alice@example.com", password="guess-one")

    [event] = failures()
    assert event.actor is None
    assert (event.target_type, event.target_id) == ("user", alice.public_id)
    assert event.workspace == alice.workspaces.get()
    assert event.metadata["email"] == "alice@example.com"
    assert event.metadata["count"] == 1


def test_the_attempted_password_is_never_stored(client, alice):
    sign_in(client, "alice@example.com", password="hunter2-very-secret")

    assert "hunter2-very-secret" not in str(AuditEvent.objects.values().get())


def test_repeated_failures_in_a_minute_are_folded(client, alice, settings):
    # The fold, not the sign-in throttle, is under test: let every attempt through.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,100/m/key"}
    with time_machine.travel(NOON, tick=False):
        for attempt in range(20):
            sign_in(client, "alice@example.com", password=f"guess-{attempt}")

    # The 1st, 2nd, 4th, 8th and 16th failures are written; the rest only counted.
    assert [event.metadata["count"] for event in failures()] == [1, 2, 4, 8, 16]


def test_failures_in_the_next_minute_start_a_new_count(client, alice):
    with time_machine.travel(NOON, tick=False) as clock:
        for _ in range(3):
            sign_in(client, "alice@example.com", password="wrong")
        clock.shift(timedelta(minutes=1))
        sign_in(client, "alice@example.com", password="wrong")

    assert [event.metadata["count"] for event in failures()] == [1, 2, 1]


def test_failures_from_another_address_are_counted_apart(client, alice):
    with time_machine.travel(NOON, tick=False):
        sign_in(client, "alice@example.com", password="wrong", ip="198.51.100.1")
        sign_in(client, "alice@example.com", password="wrong", ip="198.51.100.2")

    assert [event.metadata["count"] for event in failures()] == [1, 1]


def test_a_failure_for_an_unknown_email_belongs_to_no_workspace(client, db):
    sign_in(client, "Nobody@Example.com", password="wrong")

    [event] = failures()
    assert event.workspace is None
    assert event.metadata["email"] == "nobody@example.com"


def test_an_owner_sees_sign_ins_on_the_security_page(client, alice):
    sign_in(client, "alice@example.com", password="wrong")
    sign_in(client, "alice@example.com")

    page = client.get("/settings/security/").content.decode()

    assert "Signed in" in page and "user.login" in page
    assert "Failed sign-in" in page and "user.login_failed" in page


def test_a_session_made_in_code_is_not_a_sign_in(client, alice):
    client.force_login(alice)

    assert not AuditEvent.objects.filter(action__startswith="user.").exists()
