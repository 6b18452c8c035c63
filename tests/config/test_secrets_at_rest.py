"""A secret shown once waits in the cache for ten minutes; no table ever holds it."""

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from tests.config.conftest import KEY_FORM, client_secret_on, database_dump, raw_key_on

NEW_KEY = "/settings/api/keys/new/"
NEW_APP = "/settings/developer/apps/new/"
APP_FORM = {
    "name": "Acme Sync",
    "redirect_uris": "https://acme.example/callback",
    "client_type": "confidential",
}


def test_a_new_keys_secret_is_in_no_table_while_it_waits_to_be_shown(alice_client):
    created = alice_client.post(NEW_KEY, KEY_FORM)
    dump_while_waiting = database_dump()

    raw = raw_key_on(alice_client.get(created.url))

    assert raw not in dump_while_waiting
    assert raw not in database_dump()


def test_a_new_client_secret_is_in_no_table_while_it_waits_to_be_shown(alice_client):
    created = alice_client.post(NEW_APP, APP_FORM)
    dump_while_waiting = database_dump()

    secret = client_secret_on(alice_client.get(created.url))

    assert secret not in dump_while_waiting
    assert secret not in database_dump()


def test_the_session_holds_no_token_that_names_the_page(alice_client):
    created = alice_client.post(NEW_KEY, KEY_FORM)
    token = created.url.rstrip("/").rsplit("/", 1)[-1]

    assert token not in database_dump()


def test_the_reveal_page_shows_the_secret_once(alice_client):
    created = alice_client.post(NEW_KEY, KEY_FORM)

    first = alice_client.get(created.url)
    again = alice_client.get(created.url)

    raw = raw_key_on(first)
    assert raw.startswith("ck_live_")
    assert raw not in again.content.decode()
    assert b"Key no longer available" in again.content
    assert "no-store" in first["Cache-Control"]


def test_an_uncollected_secret_is_gone_after_ten_minutes(alice_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        created = alice_client.post(NEW_KEY, KEY_FORM)
        traveller.shift(timedelta(minutes=10, seconds=1))

        page = alice_client.get(created.url)

    assert b"Key no longer available" in page.content


def test_a_secret_collected_within_ten_minutes_is_shown(alice_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        created = alice_client.post(NEW_KEY, KEY_FORM)
        traveller.shift(timedelta(minutes=9, seconds=59))

        page = alice_client.get(created.url)

    assert raw_key_on(page).startswith("ck_live_")


def test_another_session_of_the_same_user_cannot_take_it(alice_client, alice):
    created = alice_client.post(NEW_KEY, KEY_FORM)
    other = Client()
    other.force_login(alice)

    assert b"Key no longer available" in other.get(created.url).content
    assert raw_key_on(alice_client.get(created.url)).startswith("ck_live_")
