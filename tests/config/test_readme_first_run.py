"""What `make run`'s first run leaves behind: a private `.env`, written once, and a demo
login whose password can be reset with the command it names."""

import re

import requests

from tests.config.readme_checkout import run


def test_make_run_writes_a_private_env_once_and_never_overwrites_it(checkout):
    env_file = checkout.path / ".env"
    written = env_file.read_text()

    assert env_file.stat().st_mode & 0o777 == 0o600
    assert "DEBUG=true" in written.splitlines()
    assert re.search(r"^SECRET_KEY=[\w-]{50,}$", written, re.MULTILINE)
    assert "Created a demo user" in checkout.first_run.stdout

    again = run(checkout.path, checkout.env, "make -n run")
    assert "> .env" not in again.stdout
    assert run(checkout.path, checkout.env, "make .env").returncode == 0
    assert env_file.read_text() == written


def test_the_demo_login_says_how_to_get_a_new_password_and_that_works(checkout):
    shown = run(checkout.path, checkout.env, ".venv/bin/python manage.py ensure_demo_user")
    hint = re.search(r"`(\.venv/bin/python manage\.py [^`]+)`", shown.stdout)
    assert hint, shown.stdout

    reset = run(checkout.path, checkout.env, hint[1])
    assert reset.returncode == 0, reset.stderr
    password = re.search(r"password: (\S+)", reset.stdout)[1]

    assert signs_in(checkout.port, "demo@example.com", password)
    assert not signs_in(checkout.port, "demo@example.com", password + "x")


def signs_in(port: int, email: str, password: str) -> bool:
    """Whether the login page of the copy's server takes these credentials."""
    session = requests.Session()
    url = f"http://127.0.0.1:{port}/accounts/login/"
    form = session.get(url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    answer = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=10,
    )
    return answer.status_code == 302
