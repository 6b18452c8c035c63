"""What the Settings > API pages do with input no browser form would send."""

import pytest

from apikeys.models import ApiKey
from tests.support import key_form

NEW_URL = "/settings/api/keys/new/"


@pytest.mark.parametrize(
    "fields",
    [
        {"name": "x" * 101},
        {"name": "Zap\x00ier"},
        {"allowed_ips": "10.0.0.1\x00"},
        {"allowed_ips": "1.2.3.4/33"},
        {"expiry": "custom", "expires_at": "10000-01-01"},
        {"environment": "staging"},
        {"permissions": ["read", "root"]},
    ],
)
def test_a_hostile_create_form_is_answered_with_the_form_not_an_error(alice_client, fields):
    response = alice_client.post(NEW_URL, key_form(**fields))

    assert response.status_code == 200
    assert not ApiKey.objects.exists()


def test_an_expiry_at_the_end_of_the_calendar_is_kept_and_shown(alice_client, alice):
    response = alice_client.post(
        NEW_URL, key_form(expiry="custom", expires_at="9999-12-31"), follow=True
    )

    key = ApiKey.objects.get()
    assert key.expires_at.year == 9999
    assert response.status_code == 200
    assert alice_client.get("/settings/api/").status_code == 200
    assert alice_client.get(f"/settings/api/keys/{key.public_id}/").status_code == 200
    roll = alice_client.post(f"/settings/api/keys/{key.public_id}/roll/", {"grace": "7d"})
    assert roll.status_code == 302


@pytest.mark.parametrize("q", ["\x00", "%", "_", "x" * 5000, "' OR 1=1 --"])
def test_a_hostile_search_shows_the_list(alice_client, alice, make_key, q):
    make_key(alice, name="Zapier")

    assert alice_client.get("/settings/api/", {"q": q, "after": q}).status_code == 200
