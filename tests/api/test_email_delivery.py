"""Email leaves after its row is written: no transaction open while the mail server talks.

A mail server that hangs (a socket timeout) or refuses (OSError) costs one
failed send, recorded on the row; it never holds a database lock, and
EMAIL_TIMEOUT bounds how long it can take.
"""

import threading
from email.utils import getaddresses

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, connections

from api.models import Email

MESSAGE = {"to": "ada@example.com", "subject": "Quarterly report", "body": "Attached."}


def write_from_another_connection(subject: str) -> int | None:
    """Change the message's row from another thread; None if that write is still waiting."""
    result = {}

    def write():
        try:
            result["rows"] = Email.objects.filter(subject=subject).update(to="grace@example.com")
        finally:
            connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join(timeout=5)
    return None if thread.is_alive() else result.get("rows")


class HangingMailServer(BaseEmailBackend):
    """Watches the database while it 'talks', then gives up as a timed-out socket does."""

    seen: dict = {}

    def send_messages(self, messages):
        [message] = messages
        HangingMailServer.seen = {
            "in_transaction": connection.in_atomic_block,
            "concurrent_write": write_from_another_connection(message.subject),
        }
        raise TimeoutError("timed out")  # what socket.timeout is


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_the_mail_server_gets_a_timeout():
    smtp = mail.get_connection("django.core.mail.backends.smtp.EmailBackend")

    assert settings.EMAIL_TIMEOUT == 10
    assert smtp.timeout == 10


@pytest.mark.django_db(transaction=True)
def test_no_lock_is_held_while_the_mail_server_hangs(alice, key_client, settings):
    settings.EMAIL_BACKEND = "tests.api.test_email_delivery.HangingMailServer"

    response = key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)

    assert HangingMailServer.seen == {"in_transaction": False, "concurrent_write": 1}
    assert response.status_code == 503


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_is_recorded_as_a_failed_send(alice, key_client, settings):
    settings.EMAIL_BACKEND = "tests.api.test_email_delivery.HangingMailServer"

    response = key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)

    email = Email.objects.get()
    assert response.json()["error"]["code"] == "service_unavailable"
    assert email.status == Email.Status.FAILED
    assert email.failed_at is not None and email.sent_at is None


@pytest.mark.django_db(transaction=True)
def test_a_refused_send_is_listed_as_failed(alice, key_client, settings):
    settings.EMAIL_BACKEND = "tests.api.test_email_delivery.RefusingMailServer"
    client = key_client(alice, permissions=("read", "write"))

    client.post("/v1/emails", MESSAGE)

    [listed] = client.get("/v1/emails").json()["data"]
    assert listed["status"] == "failed"
    assert listed["failed_at"] is not None


def test_inside_an_open_transaction_the_send_waits_for_the_commit(
    alice, key_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)
        assert mail.outbox == []

    assert response.status_code == 201
    assert response.json()["data"]["status"] == "queued"
    assert len(mail.outbox) == 1
    assert Email.objects.get().status == Email.Status.SENT


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "name",
    ['Lovelace, Ada "The Countess"', "Zoë <admin@evil.example>", "Ada\r\nBcc: x@evil.example"],
)
def test_the_reply_to_header_is_built_safely_from_any_name(alice, key_client, name):
    alice.name = name
    alice.save(update_fields=["name"])

    key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)

    [sent] = mail.outbox
    header = sent.message()["Reply-To"]
    [(_, address)] = getaddresses([str(header)])
    assert address == "alice@example.com"
    assert "Bcc" not in sent.message()
