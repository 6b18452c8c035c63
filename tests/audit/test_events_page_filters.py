from datetime import timedelta

import pytest

from tests.audit.conftest import NOON

EVENTS = "/settings/security/"


@pytest.fixture
def shown(client, alice, shown_ids):
    client.force_login(alice)
    return lambda query="": shown_ids(client.get(f"{EVENTS}?{query}"))


def test_it_filters_by_action_category(shown, make_event):
    key = make_event("api_key.revoked")
    make_event("oauth.authorized")
    make_event("oauth_app.created")

    assert shown("action=api_key.") == [key.public_id]


def test_the_authorizations_category_leaves_out_developer_apps(shown, make_event):
    authorized = make_event("oauth.authorized")
    make_event("oauth_app.created")

    assert shown("action=oauth.") == [authorized.public_id]


def test_it_filters_by_one_action(shown, make_event):
    revoked = make_event("api_key.revoked")
    make_event("api_key.created")

    assert shown("action=api_key.revoked") == [revoked.public_id]


def test_it_filters_by_actor(shown, dave, make_event):
    daves = make_event(actor=dave, actor_label=dave.email)
    make_event()

    assert shown(f"actor={dave.public_id}") == [daves.public_id]


def test_it_filters_by_dates(shown, make_event):
    make_event(created_at=NOON - timedelta(days=3))
    inside = make_event(created_at=NOON - timedelta(days=1))
    make_event(created_at=NOON + timedelta(days=1))

    assert shown("date_from=2025-03-12&date_to=2025-03-14") == [inside.public_id]


def test_the_pages_keep_the_filters_and_cover_every_event_once(
    client, alice, make_event, shown_ids, link
):
    made = [
        make_event("api_key.created", created_at=NOON - timedelta(seconds=i)) for i in range(70)
    ]
    make_event("user.login", created_at=NOON + timedelta(seconds=1))
    client.force_login(alice)

    first = client.get(f"{EVENTS}?action=api_key.")
    second = client.get(EVENTS + link(first, "next"))

    assert shown_ids(first) + shown_ids(second) == [event.public_id for event in made]
    assert "action=api_key." in link(second, "prev")
