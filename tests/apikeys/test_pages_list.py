from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from apikeys.services import key_revoke, key_roll

LIST_URL = "/settings/api/"


def revoked_section(html: str) -> str:
    return html.split('class="panel flush collapsible revoked-keys"', 1)[1]


def active_section(html: str) -> str:
    return html.split('class="panel flush collapsible revoked-keys"', 1)[0]


def test_it_lists_the_workspace_keys_with_hint_environment_and_permissions(
    alice_client, alice, make_key
):
    live, _ = make_key(alice, name="Production Integration", permissions=("read", "write"))
    test, _ = make_key(
        alice, name="Sandbox", livemode=False, allowed_ips=["203.0.113.7", "10.0.0.0/24"]
    )

    html = alice_client.get(LIST_URL).content.decode()

    assert "Production Integration" in html and "Sandbox" in html
    assert live.hint in html and test.hint in html
    assert '<span class="badge live">Live</span>' in html
    assert '<span class="badge test">Test</span>' in html
    assert '<span class="badge perm">Read</span><span class="badge perm">Write</span>' in html
    assert "203.0.113.7/32" in html and "10.0.0.0/24" in html
    assert "Any IP" in html
    assert "Alice Owner" in html
    assert "Never" in html
    assert html.count('<span class="badge active">Active</span>') == 2


def test_it_shows_an_admin_key_with_a_single_admin_badge(alice_client, alice, make_key):
    make_key(alice, name="Ops", permissions=("admin",))

    html = alice_client.get(LIST_URL).content.decode()

    assert ">Admin</span>" in html
    assert '<span class="badge perm">Read</span>' not in html


def test_it_hides_the_keys_of_other_workspaces(alice_client, charlie, make_key):
    make_key(charlie, name="Charlie's secret integration")

    html = alice_client.get(LIST_URL).content.decode()

    assert "Charlie&#x27;s secret integration" not in html
    assert "No API keys yet" in html


def test_it_shows_when_and_where_a_key_was_last_used(alice_client, alice, make_key):
    _, raw = make_key(alice, name="Zapier")
    with time_machine.travel(timezone.now() - timedelta(hours=3)):
        APIClient(REMOTE_ADDR="198.51.100.23").get(
            "/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}"
        )

    html = alice_client.get(LIST_URL).content.decode()

    assert "3\xa0hours ago" in html
    assert "198.51.100.23" in html


def test_it_shows_the_expiry_and_marks_an_expired_key(alice_client, alice, make_key):
    soon = timezone.now() + timedelta(days=2)
    make_key(alice, name="Short-lived", expires_at=soon)

    with time_machine.travel(soon + timedelta(minutes=1)):
        html = alice_client.get(LIST_URL).content.decode()

    assert f"Expired {soon:%b %-d, %Y}" in html
    assert '<span class="badge expired">Expired</span>' in html


def test_it_shows_a_rolled_key_as_expiring_during_its_grace_period(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Billing worker")
    key_roll(key=key, actor=alice, grace=timedelta(hours=24))

    html = alice_client.get(LIST_URL).content.decode()

    assert "Expires in 23\xa0hours<" in html
    assert html.count('<span class="badge active">Active</span>') == 1


def test_it_puts_revoked_keys_in_a_collapsed_section_of_their_own(alice_client, alice, make_key):
    make_key(alice, name="Still working")
    old, _ = make_key(alice, name="Old CRM import")
    key_revoke(key=old, actor=alice)

    html = alice_client.get(LIST_URL).content.decode()

    assert "<details" in html and "<details open" not in html
    assert "Old CRM import" in revoked_section(html)
    assert "Old CRM import" not in active_section(html)
    assert "Still working" in active_section(html)
    assert '<span class="badge revoked">Revoked</span>' in revoked_section(html)


def test_an_empty_workspace_gets_a_call_to_action(alice_client):
    response = alice_client.get(LIST_URL)
    html = response.content.decode()

    assert response.status_code == 200
    assert "No API keys yet" in html
    assert html.count('href="/settings/api/keys/new/"') == 2
    assert "<table" not in html
