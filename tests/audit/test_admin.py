import pytest

from audit.models import AuditEvent

EVENTS_URL = "/admin/audit/auditevent/"


@pytest.fixture
def event(alice, make_key):
    key, _ = make_key(alice, name="Nightly sync")
    return AuditEvent.objects.get(action="api_key.created", target_id=key.public_id)


def test_staff_see_the_events(staff, event):
    html = staff.get(EVENTS_URL).content.decode()

    assert "api_key.created" in html
    assert "alice@example.com" in html
    assert "Nightly sync" in html


def test_staff_filter_and_search_events(staff, event, alice, make_key):
    other, _ = make_key(alice, name="Other key")
    staff.post(
        "/admin/apikeys/apikey/", {"action": "revoke_selected", "_selected_action": [other.pk]}
    )

    revoked = staff.get(EVENTS_URL, {"action": "api_key.revoked"}).content.decode()
    searched = staff.get(EVENTS_URL, {"q": event.target_id}).content.decode()

    assert "Other key" in revoked and "Nightly sync" not in revoked
    assert "Nightly sync" in searched and "Other key" not in searched


def test_events_cannot_be_added(staff, event):
    assert staff.get(f"{EVENTS_URL}add/").status_code == 403


def test_an_events_page_has_no_save_button(staff, event):
    response = staff.get(f"{EVENTS_URL}{event.pk}/change/")

    assert response.status_code == 200
    assert event.public_id in response.content.decode()
    assert b'name="_save"' not in response.content


def test_an_event_cannot_be_changed(staff, event):
    response = staff.post(f"{EVENTS_URL}{event.pk}/change/", {"action": "nothing.happened"})

    assert response.status_code == 403
    event.refresh_from_db()
    assert event.action == "api_key.created"


def test_an_event_cannot_be_deleted(staff, event):
    assert staff.post(f"{EVENTS_URL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert b"delete_selected" not in staff.get(EVENTS_URL).content
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_only_staff_see_the_events(client, alice, event):
    client.force_login(alice)

    response = client.get(EVENTS_URL)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
