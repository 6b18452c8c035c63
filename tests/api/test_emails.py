"""/v1/emails: send through Django's email backend, keep, list what this user sent.

Delivery waits for the row's commit (api.emails), so the tests that watch it
run in real transactions, as a request does.
"""

import smtplib

import pytest
from django.core import mail

from api.models import Email

MESSAGE = {"to": "ada@example.com", "subject": "Hello", "body": "Line one\nLine two"}


@pytest.mark.django_db(transaction=True)
def test_sending_delivers_and_keeps_the_message(alice, key_client):
    response = key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("msg_")
    assert (data["to"], data["subject"], data["body"]) == (MESSAGE["to"], "Hello", MESSAGE["body"])
    assert data["status"] == "sent"
    assert data["sent_at"] is not None
    [sent] = mail.outbox
    assert sent.to == ["ada@example.com"]
    assert sent.subject == "Hello"
    assert sent.reply_to == ["Alice Owner <alice@example.com>"]


def test_listing_shows_what_this_user_sent_newest_first(alice, bob, key_client):
    client = key_client(alice, permissions=("read", "write"))
    client.post("/v1/emails", {**MESSAGE, "subject": "First"})
    client.post("/v1/emails", {**MESSAGE, "subject": "Second"})
    key_client(bob, permissions=("write",)).post("/v1/emails", {**MESSAGE, "subject": "Bob's"})

    response = client.get("/v1/emails")

    assert response.status_code == 200
    assert [e["subject"] for e in response.json()["data"]] == ["Second", "First"]
    assert response.json()["has_more"] is False


def test_a_test_key_keeps_the_message_without_sending_it(alice, key_client):
    client = key_client(alice, permissions=("read", "write"), livemode=False)

    response = client.post("/v1/emails", MESSAGE)

    assert response.status_code == 201
    assert response.json()["data"]["status"] == "kept"
    assert response.json()["data"]["sent_at"] is None
    assert mail.outbox == []
    assert key_client(alice, permissions=("read",)).get("/v1/emails").json()["data"] == []


def test_reading_needs_read_and_sending_needs_write(alice, key_client):
    assert key_client(alice, permissions=("write",)).get("/v1/emails").status_code == 403
    assert key_client(alice, permissions=("read",)).post("/v1/emails", MESSAGE).status_code == 403


def test_it_validates_the_message(alice, key_client):
    client = key_client(alice, permissions=("write",))

    response = client.post("/v1/emails", {"to": "not-an-address", "subject": "a\nBcc: x@y.z"})

    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"to", "subject", "body"}
    assert not Email.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_failed_delivery_is_a_503_and_recorded_as_failed(alice, key_client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("gone")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)

    response = key_client(alice, permissions=("write",)).post("/v1/emails", MESSAGE)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    email = Email.objects.get()
    assert email.status == Email.Status.FAILED
    assert email.failed_at is not None and email.sent_at is None


def test_a_number_where_text_belongs_is_refused_not_coerced(alice, key_client):
    client = key_client(alice, permissions=["write"])

    response = client.post(
        "/v1/emails", {"to": "bob@example.com", "subject": 12, "body": "Hi"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["details"]["subject"] == ["Not a valid string."]
