from django.test import Client
from rest_framework.test import APIClient

from audit.models import AuditEvent


def revoke_url(key):
    return f"/settings/api/keys/{key.public_id}/revoke/"


def call_api(raw):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_the_confirmation_page_says_what_will_happen_and_revokes_nothing(
    alice_client, alice, make_key
):
    key, raw = make_key(alice, name="Zapier")

    html = alice_client.get(revoke_url(key)).content.decode()

    assert "Revoke “Zapier”?" in html
    assert key.hint in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert call_api(raw).status_code == 200


def test_the_confirmation_page_is_the_only_confirmation(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier")

    listing = alice_client.get("/settings/api/").content.decode()
    page = alice_client.get(revoke_url(key)).content.decode()

    # The list's Revoke is a link to this page, and this page's form asks nothing more.
    assert f'href="{revoke_url(key)}"' in listing
    assert "<form" not in listing.split("<tbody>", 1)[1]
    assert "data-confirm" not in page


def test_posting_the_confirmation_revokes_the_key_at_once(alice_client, alice, make_key):
    key, raw = make_key(alice, name="Zapier")
    assert call_api(raw).status_code == 200

    response = alice_client.post(revoke_url(key), follow=True)

    assert "Revoked “Zapier”." in response.content.decode()
    refused = call_api(raw)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"
    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.actor == alice and event.target_id == key.public_id


def test_it_needs_the_csrf_token(alice, make_key):
    key, raw = make_key(alice)
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    assert client.post(revoke_url(key)).status_code == 403
    assert call_api(raw).status_code == 200


def test_the_key_of_another_workspace_cannot_be_revoked(alice_client, charlie, make_key):
    key, raw = make_key(charlie)

    assert alice_client.get(revoke_url(key)).status_code == 404
    assert alice_client.post(revoke_url(key)).status_code == 404
    assert call_api(raw).status_code == 200


def test_a_revoked_key_moves_to_the_revoked_section_of_its_page(alice_client, alice, make_key):
    key, _ = make_key(alice, name="Zapier")
    alice_client.post(revoke_url(key))

    html = alice_client.get(f"/settings/api/keys/{key.public_id}/").content.decode()

    assert '<span class="badge revoked">Revoked</span>' in html
    assert "by Alice Owner" in html
    assert revoke_url(key) not in html
