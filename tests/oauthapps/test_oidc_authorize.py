"""/oauth/authorize for OpenID Connect: the consent page in plain words, prompt=none
answered without a page, and the request's nonce and claims kept through consent."""

import json

from .conftest import CALLBACK, query_of
from .oidc_steps import NONCE, verified_claims


def test_the_consent_page_says_what_signing_in_shares(flow, alice):
    page = flow.consent_page(alice, scope="openid profile email", nonce=NONCE)

    html = page.content.decode()
    assert page.status_code == 200
    assert "Sign you in with your Coherence account" in html
    assert "See your name" in html
    assert "See your email address" in html


def test_prompt_none_signed_out_tells_the_app_login_required(flow, db):
    issuer = flow.http.get("/.well-known/oauth-authorization-server").json()["issuer"]

    response = flow.browser.get(flow.authorize_url(scope="openid", prompt="none"))

    assert response.status_code == 302
    assert response["Location"].startswith(CALLBACK + "?")
    assert query_of(response["Location"]) == {
        "error": "login_required",
        "state": "st4te",
        "iss": issuer,
    }


def test_prompt_none_without_consent_tells_the_app_consent_required(flow, alice):
    response = flow.consent_page(alice, scope="openid email", prompt="none")

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "consent_required"


def test_prompt_none_after_consent_returns_a_code_at_once(flow, alice):
    flow.code_for(alice, scope="openid email")  # asked and allowed once

    response = flow.consent_page(alice, scope="openid email", prompt="none", nonce="again")

    assert response.status_code == 302
    code = query_of(response["Location"])["code"]
    body = flow.exchange(code).json()
    assert verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id, nonce="again")


def test_the_nonce_and_claims_survive_the_consent_form(flow, alice):
    claims = json.dumps({"id_token": {"email": {"essential": True}}})
    page = flow.consent_page(alice, scope="openid email", nonce="n-42", claims=claims)

    response = flow.answer(page)

    code = query_of(response["Location"])["code"]
    body = flow.exchange(code).json()
    id_token = verified_claims(
        flow.http, body["id_token"], client_id=flow.app.client_id, nonce="n-42"
    )
    assert id_token["email"] == "alice@example.com"
