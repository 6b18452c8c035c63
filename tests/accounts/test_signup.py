from accounts.models import Membership, User
from tests.conftest import PASSWORD


def signup(client, **overrides):
    data = {"name": "Dana Doe", "email": "dana@example.com", "password": PASSWORD, **overrides}
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


def test_it_logs_the_new_user_in(client, db):
    signup(client)

    assert client.get("/settings/api/").status_code == 200


def test_it_refuses_an_email_already_taken_whatever_its_case(client, alice):
    response = signup(client, email="ALICE@example.com")

    assert response.status_code == 200
    assert "already exists" in response.text
    assert User.objects.filter(email="alice@example.com").count() == 1


def test_it_refuses_a_weak_password(client, db):
    response = signup(client, password="password")

    assert response.status_code == 200
    assert "too common" in response.text
    assert not User.objects.exists()


def test_it_follows_a_same_site_next_but_not_another_site(client, db):
    ok = client.post(
        "/accounts/signup/?next=/settings/api/usage/",
        {
            "name": "Eve",
            "email": "eve@example.com",
            "password": PASSWORD,
            "next": "/settings/api/usage/",
        },
    )
    client.logout()
    evil = signup(client, email="frank@example.com", next="https://evil.example/")

    assert ok.headers["Location"] == "/settings/api/usage/"
    assert evil.headers["Location"] == "/settings/api/"
