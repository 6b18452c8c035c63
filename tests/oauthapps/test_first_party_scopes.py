"""`admin` and `introspection` are for first-party apps only."""

import pytest

from oauthapps.models import Grant

from .conftest import bearer, query_of


@pytest.mark.parametrize("scope", ["admin", "read admin", "introspection"])
def test_a_third_party_app_asking_for_a_first_party_scope_is_refused(flow, alice, scope):
    response = flow.consent_page(alice, scope=scope)

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "invalid_scope"
    assert not Grant.objects.exists()


def test_a_first_party_app_may_be_granted_admin(make_app, make_flow, developer, alice):
    flow = make_flow(*make_app(developer, name="Coherence CLI", first_party=True))

    page = flow.consent_page(alice, scope="admin")

    assert page.status_code == 200
    assert "Administer your workspace" in page.content.decode()
    assert flow.tokens_for(alice, scope="admin")["scope"] == "admin"


def test_admin_grants_nothing_once_the_app_is_no_longer_first_party(
    make_app, make_flow, developer, alice, client
):
    app, secret = make_app(developer, name="Coherence CLI", first_party=True)
    token = make_flow(app, secret).tokens_for(alice, scope="admin")["access_token"]

    app.first_party = False
    app.save()

    response = client.get("/v1/users/me", **bearer(token))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"
