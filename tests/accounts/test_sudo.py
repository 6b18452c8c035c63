"""Sudo mode: a sensitive change needs the password again once the sign-in is
more than 10 minutes old; the stashed POST goes through after it."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest

from apikeys.models import ApiKey
from tests.accounts.security_steps import reauthenticate, sign_in
from tests.audit.conftest import NOON
from tests.support import key_form

NOW = NOON  # where `frozen` stops the clock

NEW_KEY = "/settings/api/keys/new/"
WRITE_KEY = key_form(name="Deploy bot")
STALE = timedelta(minutes=10, seconds=1)


def reauthenticate_then(url: str) -> str:
    return f"/accounts/reauthenticate/?{urlencode({'next': url})}"


@pytest.fixture
def signed_in_with_password(client, alice, frozen):
    """Alice, through the sign-in form (which starts the ten minutes), at NOW."""
    assert sign_in(client, "alice@example.com").status_code == 302
    return client


def test_a_fresh_sign_in_creates_a_write_key_straight_away(signed_in_with_password, frozen):
    frozen.shift(timedelta(minutes=9))
    response = signed_in_with_password.post(NEW_KEY, WRITE_KEY)

    assert response.headers["Location"].startswith("/settings/api/keys/secret/")
    assert ApiKey.objects.filter(name="Deploy bot").exists()


def test_a_stale_sign_in_is_sent_to_confirm_the_password(signed_in_with_password, frozen):
    frozen.shift(STALE)
    response = signed_in_with_password.post(NEW_KEY, WRITE_KEY)

    assert response.headers["Location"] == reauthenticate_then(NEW_KEY)
    assert not ApiKey.objects.exists()


def test_after_the_password_the_stashed_change_goes_through(signed_in_with_password, frozen):
    frozen.shift(STALE)
    signed_in_with_password.post(NEW_KEY, WRITE_KEY)
    response = reauthenticate(signed_in_with_password, next_url=NEW_KEY)

    assert response.headers["Location"].startswith("/settings/api/keys/secret/")
    key = ApiKey.objects.get(name="Deploy bot")
    assert key.permissions == ["read", "write"]


def test_a_wrong_password_changes_nothing(signed_in_with_password, frozen):
    frozen.shift(STALE)
    signed_in_with_password.post(NEW_KEY, WRITE_KEY)
    response = reauthenticate(signed_in_with_password, password="not it", next_url=NEW_KEY)

    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_re_authenticating_opens_another_ten_minutes(signed_in_with_password, frozen):
    frozen.shift(STALE)
    reauthenticate(signed_in_with_password)
    frozen.shift(timedelta(minutes=9))
    response = signed_in_with_password.post(NEW_KEY, WRITE_KEY)

    assert response.headers["Location"].startswith("/settings/api/keys/secret/")


def test_a_read_only_key_is_not_a_sensitive_change(signed_in_with_password, frozen):
    frozen.shift(STALE)
    response = signed_in_with_password.post(NEW_KEY, {**WRITE_KEY, "permissions": ["read"]})

    assert response.headers["Location"].startswith("/settings/api/keys/secret/")


def test_pages_still_open_without_the_password(signed_in_with_password, frozen):
    frozen.shift(STALE)

    assert signed_in_with_password.get(NEW_KEY).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/settings/api/keys/{key}/roll/",
        "/settings/api/keys/{key}/edit/",
        "/settings/developer/apps/new/",
        "/settings/team/invite/",
        "/settings/workspace/rename/",
        "/settings/workspace/transfer/",
        "/settings/workspace/delete/",
    ],
)
def test_each_sensitive_change_asks_when_stale(
    signed_in_with_password, frozen, alice, make_key, path
):
    key, _ = make_key(alice, permissions=("read",))
    frozen.shift(STALE)
    url = path.format(key=key.public_id)
    response = signed_in_with_password.post(url, {"name": "x"})

    assert response.headers["Location"] == reauthenticate_then(url)


def test_someone_signed_out_is_sent_to_sign_in_not_to_confirm(client, db):
    response = client.post(NEW_KEY, WRITE_KEY)

    assert response.headers["Location"].startswith("/accounts/login/")
