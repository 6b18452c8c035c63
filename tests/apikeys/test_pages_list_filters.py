from datetime import timedelta

import time_machine
from django.utils import timezone

from apikeys.services import key_revoke, key_roll

LIST_URL = "/settings/api/"


def shown(client, query: str = "") -> str:
    """The main table of the list (not the rolled and revoked section)."""
    html = client.get(f"{LIST_URL}{query}").content.decode()
    return html.split('class="panel flush collapsible revoked-keys"', 1)[0]


def test_it_finds_keys_by_name_or_by_hint(alice_client, alice, make_key):
    zapier, _ = make_key(alice, name="Zapier")
    make_key(alice, name="Nightly sync")

    assert "Zapier" in shown(alice_client, "?q=zap")
    assert "Nightly sync" not in shown(alice_client, "?q=zap")
    by_hint = shown(alice_client, f"?q={zapier.hint[-4:]}")
    assert "Zapier" in by_hint and "Nightly sync" not in by_hint


def test_the_live_test_switch_shows_one_environment(alice_client, alice, make_key):
    make_key(alice, name="Production sync", livemode=True)
    make_key(alice, name="Sandbox sync", livemode=False)

    live = shown(alice_client, "?environment=live")
    test = shown(alice_client, "?environment=test")
    every = shown(alice_client)

    assert "Production sync" in live and "Sandbox sync" not in live
    assert "Sandbox sync" in test and "Production sync" not in test
    assert "Production sync" in every and "Sandbox sync" in every
    assert 'href="?environment=test" aria-current="true"' in test


def test_the_switch_keeps_the_other_filters(alice_client, alice, make_key):
    make_key(alice, name="Zapier")

    html = alice_client.get(f"{LIST_URL}?q=zap&environment=live").content.decode()

    assert 'href="?q=zap&amp;environment=test"' in html
    assert '<input type="hidden" name="environment" value="live">' in html


def test_it_filters_by_permission_counting_admin_as_every_permission(alice_client, alice, make_key):
    make_key(alice, name="Reader", permissions=["read"])
    make_key(alice, name="Writer", permissions=["read", "write"])
    make_key(alice, name="Operator", permissions=["admin"])

    writers = shown(alice_client, "?permission=write")
    admins = shown(alice_client, "?permission=admin")

    assert "Writer" in writers and "Operator" in writers and "Reader" not in writers
    assert "Operator" in admins and "Writer" not in admins


def test_it_filters_by_creator(alice_client, alice, bob, make_key):
    make_key(alice, name="Alice's key")
    make_key(bob, name="Bob's key", workspace=alice.workspaces.get())

    html = shown(alice_client, f"?creator={bob.public_id}")

    assert "Bob&#x27;s key" in html and "Alice&#x27;s key" not in html
    assert f'<option value="{bob.public_id}" selected>Bob Member</option>' in html


def test_it_filters_by_status(alice_client, alice, make_key):
    make_key(alice, name="Working")
    revoked, _ = make_key(alice, name="Stopped")
    rolled, _ = make_key(alice, name="Replaced")
    make_key(alice, name="Short-lived", expires_at=timezone.now() + timedelta(days=1))
    key_revoke(key=revoked, actor=alice)
    key_roll(key=rolled, actor=alice, grace=timedelta(0))

    with time_machine.travel(timezone.now() + timedelta(days=2)):
        expired = shown(alice_client, "?status=expired")
    revoked_only = shown(alice_client, "?status=revoked")
    rolled_only = shown(alice_client, "?status=rolled")

    assert "Short-lived" in expired and "Working" not in expired
    assert "Stopped" in revoked_only and "Replaced" not in revoked_only
    assert "Replaced" in rolled_only and "Stopped" not in rolled_only
    assert '<span class="badge rolled" title="Replaced by a roll">Rolled</span>' in rolled_only


def test_the_default_view_keeps_rolled_and_revoked_keys_out_of_the_way(
    alice_client, alice, make_key
):
    make_key(alice, name="Working")
    stopped, _ = make_key(alice, name="Stopped")
    key_revoke(key=stopped, actor=alice)

    html = alice_client.get(LIST_URL).content.decode()
    main, former = html.split('class="panel flush collapsible revoked-keys"', 1)

    assert "Working" in main and "Stopped" not in main
    assert "Stopped" in former


def test_an_unknown_filter_value_is_ignored_not_an_error(alice_client, alice, make_key):
    make_key(alice, name="Zapier")

    response = alice_client.get(f"{LIST_URL}?status=bogus&permission=root&creator=usr_x&after=!")

    assert response.status_code == 200
    assert "Zapier" in response.content.decode()


def test_no_match_says_so_with_a_link_to_clear_the_filters(alice_client, alice, make_key):
    make_key(alice, name="Zapier")

    html = shown(alice_client, "?q=nothing-like-it")

    assert "No keys match these filters" in html
    assert f'<a href="{LIST_URL}">clear filters</a>' in html
    assert "No API keys yet" not in html


def test_the_list_costs_the_same_queries_for_many_keys(
    alice_client, alice, bob, erin, make_key, django_assert_max_num_queries
):
    def render():
        response = alice_client.get(LIST_URL)
        assert response.status_code == 200

    make_key(alice, name="First")
    with django_assert_max_num_queries(50) as few:
        render()
    workspace = alice.workspaces.get()
    for number in range(12):
        creator = (alice, bob, erin)[number % 3]
        key, _ = make_key(creator, name=f"Key {number}", workspace=workspace)
        if number % 4 == 0:
            key_revoke(key=key, actor=alice)
        elif number % 4 == 1:
            key_roll(key=key, actor=alice, grace=timedelta(hours=1))

    with django_assert_max_num_queries(len(few.captured_queries)):
        render()


def test_a_long_name_is_clamped_in_the_list_with_the_full_name_in_its_title(
    alice_client, alice, make_key
):
    name = "Data warehouse export for the finance team " * 3
    make_key(alice, name=name[:100])

    html = shown(alice_client)

    assert 'class="key-name" href="/settings/api/keys/' in html
    assert f'title="{name[:100].strip()}"' in html


def test_the_list_says_how_many_days_a_key_has_left(alice_client, alice, make_key):
    now = timezone.now().replace(hour=9)
    with time_machine.travel(now, tick=False):
        make_key(alice, name="Month", expires_at=now + timedelta(days=30))
        make_key(alice, name="Tonight", expires_at=now + timedelta(hours=3))
        make_key(alice, name="Tomorrow", expires_at=now + timedelta(days=1))
        html = shown(alice_client)

    assert "Expires in 30 days" in html
    assert "Expires today" in html
    assert "Expires tomorrow" in html
