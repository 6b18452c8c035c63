import logging
import re
from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from apikeys.models import ApiKey

NEW_URL = "/settings/api/keys/new/"
RAW_KEY = re.compile(r"ck_(?:live|test)_[0-9A-Za-z]{38}")
WARNING = "API keys are shown only once. Store them securely - you cannot retrieve them later."


def create(client):
    response = client.post(
        NEW_URL, {"name": "Production Integration", "environment": "live", "permissions": "read"}
    )
    return response["Location"]


def test_the_first_render_shows_the_full_key_and_the_warning(alice_client):
    page = alice_client.get(create(alice_client))
    html = page.content.decode()

    [raw] = set(RAW_KEY.findall(html))
    assert ApiKey.objects.verify(raw) == ApiKey.objects.get()
    assert f'value="{raw}" readonly' in html
    assert WARNING in html
    assert 'data-copy-target="api-key-secret" hidden' in html


def test_a_reload_no_longer_shows_the_key(alice_client):
    url = create(alice_client)
    alice_client.get(url)

    again = alice_client.get(url)

    assert again.status_code == 200
    assert "This key can no longer be displayed" in again.content.decode()
    assert not RAW_KEY.search(again.content.decode())


def test_the_page_is_never_stored_by_a_browser_or_proxy(alice_client):
    url = create(alice_client)

    assert "no-store" in alice_client.get(url)["Cache-Control"]
    assert "no-store" in alice_client.get(url)["Cache-Control"]


def test_another_user_cannot_collect_the_key_with_the_url(alice_client, charlie):
    url = create(alice_client)
    other = Client()
    other.force_login(charlie)

    html = other.get(url).content.decode()

    assert not RAW_KEY.search(html)
    assert RAW_KEY.search(alice_client.get(url).content.decode())


def test_an_uncollected_key_is_dropped_after_ten_minutes(alice_client):
    url = create(alice_client)

    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        html = alice_client.get(url).content.decode()

    assert not RAW_KEY.search(html)
    assert "This key can no longer be displayed" in html


def test_the_key_appears_in_no_other_page_after_creation(alice_client):
    created = alice_client.post(
        NEW_URL,
        {"name": "Production Integration", "environment": "live", "permissions": "read"},
        follow=True,
    )
    [raw] = set(RAW_KEY.findall(created.content.decode()))
    key = ApiKey.objects.get()

    for url in [
        "/settings/api/",
        f"/settings/api/keys/{key.public_id}/",
        f"/settings/api/keys/{key.public_id}/edit/",
        f"/settings/api/keys/{key.public_id}/roll/",
        f"/settings/api/keys/{key.public_id}/revoke/",
    ]:
        html = alice_client.get(url).content.decode()
        assert key.hint in html, url
        assert raw not in html, url
        assert not RAW_KEY.search(html), url


def test_the_key_is_never_written_to_the_logs(alice_client, caplog):
    caplog.set_level(logging.DEBUG)

    url = create(alice_client)
    html = alice_client.get(url).content.decode()

    [raw] = set(RAW_KEY.findall(html))
    assert raw not in caplog.text
