import pytest

PAGES = [
    "/settings/api/",
    "/settings/api/keys/new/",
    "/settings/api/keys/secret/some-token/",
    "/settings/api/keys/{key}/",
    "/settings/api/keys/{key}/edit/",
    "/settings/api/keys/{key}/roll/",
    "/settings/api/keys/{key}/revoke/",
]


@pytest.mark.parametrize("page", PAGES)
def test_every_keys_page_sends_a_visitor_to_the_login_page(client, alice, make_key, page):
    key, _ = make_key(alice)
    url = page.format(key=key.public_id)

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_a_visitor_cannot_revoke_a_key(client, alice, make_key):
    key, _ = make_key(alice)

    client.post(f"/settings/api/keys/{key.public_id}/revoke/")

    key.refresh_from_db()
    assert key.revoked_at is None
