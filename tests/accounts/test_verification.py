"""Email verification: signups start unverified, operators' users do not; an
unverified account makes test keys only and sends no email through /v1."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from apikeys.models import ApiKey
from apikeys.services import key_create
from audit.models import AuditEvent
from tests.accounts.security_steps import link_in
from tests.support import PASSWORD, key_form

NEW_KEY = "/settings/api/keys/new/"


@pytest.fixture
def dana(client, db):
    """Signed up through the form, signed in, and not yet through the mailed link."""
    client.post(
        "/accounts/signup/", {"name": "Dana", "email": "dana@example.com", "password1": PASSWORD}
    )
    client.post("/accounts/login/", {"login": "dana@example.com", "password": PASSWORD})
    return User.objects.get(email="dana@example.com")


def read_key_form(environment):
    return key_form(name="Key", environment=environment, permissions=["read"])


def test_a_signed_up_account_starts_unverified(dana):
    assert not dana.email_verified


def test_users_an_operator_makes_count_as_verified(db, monkeypatch):
    made = User.objects.create_user("ops@example.com", password=PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command(
        "createsuperuser", interactive=False, email="root@example.com", name="Root", verbosity=0
    )

    assert made.email_verified
    assert User.objects.get(email="root@example.com").email_verified


def test_following_the_mailed_link_verifies_the_account(client, dana):
    client.post(link_in(mail.outbox[0].body, "/accounts/confirm-email/"))

    dana.refresh_from_db()
    assert dana.email_verified
    assert AuditEvent.objects.filter(action="user.email_verified", actor=dana).exists()


def test_an_unverified_account_cannot_create_a_live_key(client, dana):
    response = client.post(NEW_KEY, read_key_form("live"))

    assert response.status_code == 200
    assert "Live keys need a confirmed email address" in response.text
    assert not ApiKey.objects.exists()


def test_an_unverified_account_creates_test_keys(client, dana):
    response = client.post(NEW_KEY, read_key_form("test"))

    assert response.status_code == 302
    assert ApiKey.objects.get().livemode is False


def test_the_create_page_says_why_live_keys_wait(client, dana):
    page = client.get(NEW_KEY).text

    assert "confirm your email address" in page.lower()


def test_once_verified_live_keys_work(client, dana):
    client.post(link_in(mail.outbox[0].body, "/accounts/confirm-email/"))

    assert client.post(NEW_KEY, read_key_form("live")).status_code == 302


def test_an_unverified_account_cannot_send_email_through_the_api(dana):
    _, raw = key_create(
        workspace=dana.workspaces.get(),
        actor=dana,
        name="k",
        livemode=False,
        permissions=["write"],
    )
    api = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = api.post("/v1/emails", {"to": "x@example.com", "subject": "Hi", "body": "Hello"})

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "email_unverified"
    assert "Confirm your email address" in error["message"]


def test_the_password_page_offers_to_send_the_link_again(client, dana):
    mail.outbox.clear()
    page = client.get("/accounts/password/").text
    # One link per address every 3 minutes (allauth's cooldown).
    with time_machine.travel(timezone.now() + timedelta(minutes=4)):
        client.post("/accounts/email/", {"email": "dana@example.com", "action_send": ""})

    assert "is not confirmed yet" in page
    assert [m.to for m in mail.outbox] == [["dana@example.com"]]


def test_a_verified_user_sees_no_warning(alice):
    client = Client()
    client.force_login(alice)

    assert "is confirmed" in client.get("/accounts/password/").text
