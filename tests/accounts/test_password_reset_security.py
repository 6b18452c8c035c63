"""Password reset by email at /accounts/password_reset/, telling nobody who exists."""

from django.core import mail
from django.test import Client

from audit.models import AuditEvent
from tests.accounts.security_steps import link_in, sign_in

RESET = "/accounts/password_reset/"
NEW_PASSWORD = "a brand new passphrase 77"


def reset_from_mail(client, message):
    link = link_in(message.body, "/accounts/password/reset/key/")
    form = client.get(link, follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else link
    return client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})


def test_the_mailed_link_sets_a_new_password(client, alice):
    asked = client.post(RESET, {"email": "Alice@Example.com"})
    done = reset_from_mail(client, mail.outbox[-1])

    assert asked.status_code == 302
    assert done.status_code == 302
    assert sign_in(Client(), "alice@example.com", password=NEW_PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="user.password_reset").count() == 1


def test_a_link_works_once(client, alice):
    client.post(RESET, {"email": "alice@example.com"})
    message = mail.outbox[-1]
    reset_from_mail(client, message)
    again = Client().get(link_in(message.body, "/accounts/password/reset/key/"), follow=True)

    assert "invalid" in again.text.lower()


def test_an_unknown_email_gets_the_same_answer(client, alice):
    known = client.post(RESET, {"email": "alice@example.com"})
    unknown = Client().post(RESET, {"email": "nobody@example.com"})

    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]


def test_changing_the_password_is_a_security_event(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/",
        {
            "oldpassword": "correct horse battery staple",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="user.password_changed", actor=alice).exists()
