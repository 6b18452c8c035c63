from tests.support import PASSWORD


def test_it_logs_in_with_email_and_password(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"] == "/settings/api/"


def test_the_email_is_not_case_sensitive(client, alice):
    response = client.post("/accounts/login/", {"login": "Alice@Example.com", "password": PASSWORD})

    assert response.status_code == 302


def test_it_refuses_a_wrong_password(client, alice):
    response = client.post("/accounts/login/", {"login": "alice@example.com", "password": "nope"})

    assert response.status_code == 200
    assert "not correct" in response.text


def test_it_redirects_to_a_same_site_next(client, alice):
    response = client.post(
        "/accounts/login/?next=/settings/apps/",
        {"login": "alice@example.com", "password": PASSWORD, "next": "/settings/apps/"},
    )

    assert response.headers["Location"] == "/settings/apps/"


def test_it_refuses_an_open_redirect_in_next(client, alice):
    for target in ["https://evil.example/", "//evil.example/", "/\\evil.example"]:
        client.logout()
        response = client.post(
            "/accounts/login/",
            {"login": "alice@example.com", "password": PASSWORD, "next": target},
        )
        assert response.headers["Location"] == "/settings/api/", target


def test_settings_pages_need_a_login(client, db):
    response = client.get("/settings/api/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login/?next=/settings/api/"


def test_logout_is_a_post_and_ends_the_session(client, alice):
    client.force_login(alice)

    assert client.get("/accounts/logout/").status_code == 200  # asks, signs nobody out
    assert client.get("/settings/api/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/settings/api/").status_code == 302


def test_password_change(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/password/",
        {
            "oldpassword": PASSWORD,
            "password1": "a new long passphrase 42",
            "password2": "a new long passphrase 42",
        },
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a new long passphrase 42")
