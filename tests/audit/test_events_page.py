from datetime import timedelta

from django.db import connection

from apikeys.services import key_update
from audit.selectors import EventFilters, event_list_for_viewer
from tests.audit.conftest import NOON

EVENTS = "/settings/security/"


def test_it_requires_login(client, db):
    assert client.get(EVENTS).status_code == 302


def test_it_shows_key_lifecycle_events_with_readable_labels(client, alice, make_key):
    make_key(alice, name="Zapier sync")
    client.force_login(alice)

    page = client.get(EVENTS).content.decode()

    assert "API key created" in page
    assert "api_key.created" in page
    assert "Zapier sync" in page
    assert "alice@example.com" in page


def test_a_change_is_shown_from_old_to_new(client, alice, make_key):
    key, _ = make_key(alice, permissions=["read"])
    key_update(key=key, actor=alice, permissions=["read", "write"])
    client.force_login(alice)

    page = client.get(EVENTS).content.decode()

    assert "permissions" in page
    assert "read → read, write" in page


def test_it_shows_the_newest_event_first(client, alice, make_event, shown_ids):
    old = make_event(created_at=NOON - timedelta(hours=1))
    new = make_event(created_at=NOON)
    client.force_login(alice)

    assert shown_ids(client.get(EVENTS)) == [new.public_id, old.public_id]


def test_an_owner_sees_every_members_events(client, alice, dave, make_event, shown_ids):
    mine = make_event(created_at=NOON)
    daves = make_event(actor=dave, actor_label=dave.email, created_at=NOON - timedelta(1))
    client.force_login(alice)

    assert shown_ids(client.get(EVENTS)) == [mine.public_id, daves.public_id]


def test_a_member_sees_only_their_own_events(client, alice, dave, make_event, shown_ids):
    make_event()
    daves = make_event(actor=dave, actor_label=dave.email)
    client.force_login(dave)

    assert shown_ids(client.get(EVENTS)) == [daves.public_id]


def test_a_member_sees_failed_sign_ins_on_their_account(client, dave, make_event, shown_ids):
    attempt = make_event(
        "user.login_failed",
        actor=None,
        actor_label="",
        target_type="user",
        target_id=dave.public_id,
        target_label=dave.email,
    )
    client.force_login(dave)

    assert shown_ids(client.get(EVENTS)) == [attempt.public_id]


def test_no_one_sees_another_workspaces_events(client, alice, charlie, make_event, shown_ids):
    make_event(workspace=charlie.workspaces.get(), actor=charlie)
    client.force_login(alice)

    assert shown_ids(client.get(EVENTS)) == []


def test_a_users_own_app_events_outside_any_workspace_are_shown(client, alice, shown_ids):
    from audit.models import AuditEvent
    from oauthapps.services.applications import application_create

    application_create(
        user=alice, name="Acme CRM", redirect_uris="https://acme.example/cb", client_type="public"
    )
    client.force_login(alice)

    event = AuditEvent.objects.get(action="oauth_app.created")
    assert shown_ids(client.get(EVENTS)) == [event.public_id]


def test_the_actor_filter_is_offered_to_owners_only(client, alice, dave):
    client.force_login(dave)
    assert 'name="actor"' not in client.get(EVENTS).content.decode()

    client.force_login(alice)
    assert 'name="actor"' in client.get(EVENTS).content.decode()


def test_a_members_events_are_found_by_index_not_by_reading_every_event(alice, dave):
    # Members see what they did or what was done to their account: with the
    # target indexed as the actor is, that is read from the two indexes.
    rows = event_list_for_viewer(
        user=dave, workspace=alice.workspaces.get(), filters=EventFilters()
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # a tiny table is otherwise read whole anyway
            cursor.execute("SET LOCAL enable_seqscan = off")
    plan = rows[:51].explain()
    assert "SCAN audit_auditevent" not in plan  # SQLite
    assert "Seq Scan on audit_auditevent" not in plan  # PostgreSQL
