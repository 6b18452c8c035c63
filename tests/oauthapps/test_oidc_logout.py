"""/oauth/logout: RP-initiated logout ends the Coherence session, not the apps' access."""

from oauth2_provider.settings import oauth2_settings

from oauthapps.oidc.keys import new_private_key_pem

from .conftest import CALLBACK, bearer, query_of
from .oidc_steps import id_token_response, provider_settings

LOGOUT = "/oauth/logout"


def signed_in(browser) -> bool:
    return browser.get("/settings/apps/").status_code == 200


def test_the_users_own_id_token_signs_out_at_once_and_returns_to_the_app(flow, alice):
    id_token = id_token_response(flow, alice)["id_token"]

    response = flow.browser.get(
        LOGOUT, {"id_token_hint": id_token, "post_logout_redirect_uri": CALLBACK, "state": "s1"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(CALLBACK + "?")
    assert query_of(response["Location"]) == {"state": "s1"}
    assert not signed_in(flow.browser)


def test_the_apps_keep_their_tokens(flow, alice):
    body = id_token_response(flow, alice)

    flow.browser.get(LOGOUT, {"id_token_hint": body["id_token"]})

    assert not signed_in(flow.browser)
    assert flow.http.get("/oauth/userinfo", **bearer(body["access_token"])).status_code == 200


def test_without_an_id_token_it_asks_first(flow, alice):
    flow.browser.force_login(alice)

    page = flow.browser.get(LOGOUT + "/")

    assert page.status_code == 200
    assert "Sign out of Coherence?" in page.content.decode()
    assert signed_in(flow.browser)

    answer = flow.browser.post(LOGOUT, {"allow": "on"})

    assert answer.status_code == 302
    assert not signed_in(flow.browser)


def test_staying_signed_in_keeps_the_session(flow, alice):
    flow.browser.force_login(alice)

    answer = flow.browser.post(LOGOUT, {})

    assert answer.status_code == 302
    assert signed_in(flow.browser)


def test_someone_elses_id_token_asks_before_signing_anyone_out(flow, alice, charlie):
    id_token = id_token_response(flow, alice)["id_token"]
    flow.browser.force_login(charlie)

    page = flow.browser.get(LOGOUT, {"id_token_hint": id_token})

    assert page.status_code == 200
    assert "Zapier" in page.content.decode()  # the app that asks
    assert signed_in(flow.browser)


def test_an_unregistered_return_address_is_refused(flow, alice):
    id_token = id_token_response(flow, alice)["id_token"]

    page = flow.browser.get(
        LOGOUT, {"id_token_hint": id_token, "post_logout_redirect_uri": "https://evil.example/"}
    )

    assert page.status_code == 400
    assert "This sign-out link can" in page.content.decode()
    assert signed_in(flow.browser)


def test_an_unknown_client_or_a_forged_token_is_a_clear_refusal(flow, alice):
    flow.browser.force_login(alice)

    unknown = flow.browser.get(LOGOUT, {"client_id": "nope"})
    forged = flow.browser.get(LOGOUT, {"id_token_hint": "eyJhbGciOiJub25lIn0.e30."})

    assert (unknown.status_code, forged.status_code) == (400, 400)
    assert signed_in(flow.browser)


def test_an_id_token_signed_before_a_key_rotation_still_signs_out(flow, alice):
    id_token = id_token_response(flow, alice)["id_token"]
    rotated = provider_settings(
        OIDC_RSA_PRIVATE_KEY=new_private_key_pem(),
        OIDC_RSA_PRIVATE_KEYS_INACTIVE=[oauth2_settings.OIDC_RSA_PRIVATE_KEY],
    )

    with rotated:
        response = flow.browser.get(LOGOUT, {"id_token_hint": id_token})

    assert response.status_code == 302
    assert not signed_in(flow.browser)
