"""Signup tells nobody whether an email has an account, and a race makes one account."""

import threading

import pytest
from django.core import mail
from django.test import Client

from accounts.forms import SignupForm
from accounts.models import User
from accounts.views.auth import RACE_MESSAGE
from tests.support import PASSWORD, at_once


def signup(client, email, name="Mallory"):
    return client.post("/accounts/signup/", {"name": name, "email": email, "password1": PASSWORD})


def test_a_taken_email_gets_the_same_answer_as_a_new_one(client, alice):
    taken = signup(client, "ALICE@example.com")
    new = signup(Client(), "nobody-yet@example.com")

    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"] == "/accounts/confirm-email/"
    assert "already" not in taken.text.lower()


def test_a_taken_email_creates_nothing_and_tells_its_owner(client, alice):
    signup(client, "alice@example.com")

    assert User.objects.filter(email="alice@example.com").count() == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.com"]
    assert "already" in message.body.lower()


def test_nobody_is_signed_in_by_signing_up(client, alice):
    signup(client, "alice@example.com")

    assert client.get("/settings/api/").status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_signups_with_one_email_make_one_account_and_a_clear_error(monkeypatch):
    both_checked = threading.Barrier(2, timeout=10)
    check = SignupForm.validate_unique_email

    def check_then_wait(form, value):
        email = check(form, value)
        both_checked.wait()  # both have found the email free before either saves
        return email

    monkeypatch.setattr(SignupForm, "validate_unique_email", check_then_wait)
    names = iter(["One", "Two"])

    responses = at_once(2, lambda: signup(Client(), "race@example.com", name=next(names)))

    assert sorted(r.status_code for r in responses) == [200, 302]
    [refused] = [r for r in responses if r.status_code == 200]
    assert RACE_MESSAGE in refused.content.decode()
    assert User.objects.filter(email="race@example.com").count() == 1
