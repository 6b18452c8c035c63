"""/oauth/authorize: what the user sees and what their answer does."""

from audit.models import AuditEvent
from oauthapps.models import AccessToken, Consent, Grant

from .conftest import query_of


def test_it_requires_login(flow, db):
    response = flow.browser.get(flow.authorize_url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/oauth/authorize")


def test_it_names_the_app_its_developer_where_it_returns_and_each_scope(flow, alice):
    page = flow.consent_page(alice, scope="read email:send")

    html = page.content.decode()
    assert page.status_code == 200
    assert "Zapier" in html
    assert "Dana Developer" in html
    assert "app.example.com" in html
    assert "Read all data you can access" in html
    assert "Send email on your behalf" in html
    assert "Create and update records" not in html


def test_it_cannot_be_framed(flow, alice):
    page = flow.consent_page(alice)

    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_deny_returns_access_denied_to_the_app_naming_the_issuer(flow, alice):
    page = flow.consent_page(alice)
    issuer = flow.http.get("/.well-known/oauth-authorization-server").json()["issuer"]

    response = flow.answer(page, allow=False)

    assert response.status_code == 302
    assert response["Location"].startswith("https://app.example.com/callback?")
    assert query_of(response["Location"]) == {
        "error": "access_denied",
        "state": "st4te",
        "iss": issuer,  # RFC 9207 section 2: on error responses too
    }
    assert not Grant.objects.exists()
    assert not Consent.objects.exists()


def test_allow_returns_a_code_and_the_state_to_the_app(flow, alice):
    response = flow.answer(flow.consent_page(alice))

    params = query_of(response["Location"])
    assert response["Location"].startswith("https://app.example.com/callback?")
    assert params["state"] == "st4te"
    assert params["code"]
    assert params["iss"]  # RFC 9207: which server answered


def test_allowing_is_recorded_in_the_audit_log(flow, alice):
    flow.answer(flow.consent_page(alice))

    event = AuditEvent.objects.get(action="oauth.authorized")
    assert event.actor == alice
    assert event.workspace == alice.workspaces.get()
    assert event.metadata["client_id"] == flow.app.client_id
    assert event.metadata["scopes"] == ["read", "write"]


def test_consent_is_remembered_for_the_same_scopes(flow, alice):
    flow.tokens_for(alice)

    again = flow.consent_page(alice)

    assert again.status_code == 302
    assert "code" in query_of(again["Location"])
    assert AuditEvent.objects.filter(action="oauth.authorized").count() == 1


def test_it_asks_again_when_the_app_wants_more(flow, alice):
    flow.tokens_for(alice, scope="read")

    page = flow.consent_page(alice, scope="read delete")

    assert page.status_code == 200
    assert "Delete records" in page.content.decode()


def test_a_member_of_several_workspaces_picks_the_one_the_token_acts_on(flow, alice, bob):
    alices = alice.workspaces.get()
    page = flow.consent_page(bob)
    assert page.status_code == 200
    assert "Alice" in page.content.decode() and "Bob" in page.content.decode()

    response = flow.exchange(flow.code_for(bob, workspace=alices))

    assert response.status_code == 200
    assert AccessToken.objects.get().workspace == alices


def test_nobody_can_pick_a_workspace_they_do_not_belong_to(flow, alice, charlie):
    page = flow.consent_page(alice)

    response = flow.answer(page, workspace=charlie.workspaces.get().pk)

    assert response.status_code == 200
    assert not Grant.objects.exists()


def test_a_tampered_redirect_uri_in_the_form_is_never_followed(flow, alice):
    page = flow.consent_page(alice)

    for allow in (True, False):
        response = flow.answer(page, allow=allow, redirect_uri="https://evil.example/steal")
        assert response.status_code == 400
        assert not response.has_header("Location")
    assert not Grant.objects.exists()
