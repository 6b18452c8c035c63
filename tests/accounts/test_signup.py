from django.core import mail

from accounts.models import Membership, User
from tests.support import PASSWORD


def signup(client, **overrides):
    data = {"name": "Dana Doe", "email": "dana@example.com", "password1": PASSWORD, **overrides}
    return client.post("/accounts/signup/", data)


def test_it_creates_a_user_with_a_workspace_they_own(client, db):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="dana@example.com")
    assert user.name == "Dana Doe"
    assert user.public_id.startswith("usr_")
    membership = Membership.objects.get(user=user)
    assert membership.role == "owner"
    assert membership.workspace.name == "Dana Doe's workspace"


def test_it_sends_a_confirmation_link_and_asks_to_check_the_inbox(client, db):
    response = signup(client)

    assert response.headers["Location"] == "/accounts/confirm-email/"
    [message] = mail.outbox
    assert message.to == ["dana@example.com"]
    assert "/accounts/confirm-email/" in message.body
    assert "Check your inbox" in client.get("/accounts/confirm-email/").text


def test_the_new_user_logs_in_with_the_password_they_chose(client, db):
    signup(client)
    client.post("/accounts/login/", {"login": "dana@example.com", "password": PASSWORD})

    assert client.get("/settings/api/").status_code == 200


def test_a_weak_password_is_refused(client, db):
    response = signup(client, password1="password")

    assert response.status_code == 200
    assert "too common" in response.text
    assert not User.objects.exists()


def test_after_confirming_it_follows_a_same_site_next_but_not_another_site(client, db):
    ok = client.post(
        "/accounts/signup/?next=/settings/api/usage/",
        {
            "name": "Eve",
            "email": "eve@example.com",
            "password1": PASSWORD,
            "next": "/settings/api/usage/",
        },
    )
    confirm = _link(mail.outbox[-1].body)
    followed = client.post(confirm)
    client.logout()
    signup(client, email="frank@example.com", next="https://evil.example/")
    evil = client.post(_link(mail.outbox[-1].body))

    assert ok.headers["Location"] == "/accounts/confirm-email/"
    assert followed.headers["Location"] == "/settings/api/usage/"
    assert evil.headers["Location"] == "/settings/api/"


def _link(body: str) -> str:
    import re

    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", body).group(1)
