"""RFC 9207: every redirect from /oauth/authorize back to the client carries `iss`.

On errors too (section 2): a client talking to several servers must be able to
tell which one answered, or a mix-up attacker can feed it another's response.
"""

import pytest

from oauthapps.models import Application

from .conftest import pkce_pair, query_of


@pytest.fixture
def issuer(client, db):
    return client.get("/.well-known/oauth-authorization-server").json()["issuer"]


@pytest.fixture
def public_flow(make_app, make_flow, developer):
    app, _ = make_app(developer, name="Mobile", client_type=Application.CLIENT_PUBLIC)
    return make_flow(app)


def redirected_params(response) -> dict:
    assert response.status_code == 302
    assert response["Location"].startswith("https://app.example.com/callback?")
    return query_of(response["Location"])


def test_a_code_comes_with_the_issuer(flow, alice, issuer):
    params = redirected_params(flow.answer(flow.consent_page(alice)))

    assert params["iss"] == issuer and params["code"]


def test_an_unknown_scope_comes_back_with_the_issuer(flow, alice, issuer):
    params = redirected_params(flow.consent_page(alice, scope="read launch:missiles"))

    assert (params["error"], params["iss"], params["state"]) == ("invalid_scope", issuer, "st4te")


def test_an_unsupported_response_type_comes_back_with_the_issuer(flow, alice, issuer):
    params = redirected_params(flow.consent_page(alice, response_type="token"))

    assert (params["error"], params["iss"]) == ("unsupported_response_type", issuer)


def test_a_missing_code_challenge_comes_back_with_the_issuer(public_flow, alice, issuer):
    params = redirected_params(public_flow.consent_page(alice))

    assert (params["error"], params["iss"]) == ("invalid_request", issuer)


def test_a_plain_code_challenge_comes_back_with_the_issuer(public_flow, alice, issuer):
    verifier, _ = pkce_pair()
    response = public_flow.consent_page(
        alice, code_challenge=verifier, code_challenge_method="plain"
    )

    params = redirected_params(response)
    assert (params["error"], params["iss"]) == ("invalid_request", issuer)


def test_a_remembered_consent_redirects_with_exactly_one_issuer(flow, alice, issuer):
    flow.tokens_for(alice)

    again = flow.consent_page(alice)

    assert again["Location"].count("iss=") == 1
    assert redirected_params(again)["iss"] == issuer


def test_a_redirect_uri_the_app_did_not_register_is_never_followed(flow, alice):
    response = flow.consent_page(alice, redirect_uri="https://evil.example/steal")

    assert response.status_code == 400
    assert not response.has_header("Location")
