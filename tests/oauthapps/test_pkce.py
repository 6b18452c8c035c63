"""PKCE (RFC 7636) as RFC 9700 wants it: S256 only, required for public clients."""

import pytest

from oauthapps.models import Application

from .conftest import pkce_pair, query_of


@pytest.fixture
def public_flow(make_app, make_flow, developer):
    app, _ = make_app(developer, name="Mobile", client_type=Application.CLIENT_PUBLIC)
    return make_flow(app)  # a public client has no secret to send


def test_a_public_client_must_send_a_code_challenge(public_flow, alice):
    response = public_flow.consent_page(alice)

    assert response.status_code == 302
    params = query_of(response["Location"])
    assert params["error"] == "invalid_request"
    assert "challenge" in params["error_description"].lower()


def test_a_public_client_with_s256_gets_tokens_for_the_right_verifier(public_flow, alice):
    verifier, challenge = pkce_pair()
    code = public_flow.code_for(alice, code_challenge=challenge, code_challenge_method="S256")

    response = public_flow.exchange(code, verifier=verifier)

    assert response.status_code == 200
    assert response.json()["access_token"].startswith("at_")


def test_a_public_client_without_the_verifier_gets_nothing(public_flow, alice):
    _, challenge = pkce_pair()
    code = public_flow.code_for(alice, code_challenge=challenge, code_challenge_method="S256")

    response = public_flow.exchange(code)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_wrong_verifier_gets_invalid_grant(public_flow, alice):
    _, challenge = pkce_pair()
    other_verifier, _ = pkce_pair()
    code = public_flow.code_for(alice, code_challenge=challenge, code_challenge_method="S256")

    response = public_flow.exchange(code, verifier=other_verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


@pytest.mark.parametrize("method", ["plain", None])
def test_the_plain_method_is_refused(public_flow, alice, method):
    verifier, _ = pkce_pair()

    response = public_flow.consent_page(
        alice, code_challenge=verifier, code_challenge_method=method
    )

    assert response.status_code == 302
    assert query_of(response["Location"])["error"] == "invalid_request"


def test_a_confidential_client_that_sends_a_challenge_must_send_the_verifier(flow, alice):
    _, challenge = pkce_pair()
    code = flow.code_for(alice, code_challenge=challenge, code_challenge_method="S256")

    response = flow.exchange(code)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_confidential_client_may_use_pkce_with_its_secret(flow, alice):
    verifier, challenge = pkce_pair()
    code = flow.code_for(alice, code_challenge=challenge, code_challenge_method="S256")

    assert flow.exchange(code, verifier=verifier).status_code == 200


def test_a_verifier_for_a_code_issued_without_a_challenge_is_refused(flow, alice):
    verifier, _ = pkce_pair()
    code = flow.code_for(alice)

    response = flow.exchange(code, verifier=verifier)

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert "code_challenge" in response.json()["error_description"]
