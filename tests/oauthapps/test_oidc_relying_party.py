"""A real relying party, Authlib, signs a user in against the live server: it
follows discovery, runs the code flow with PKCE and a nonce, checks the ID token
against the JWKS, and reads the userinfo endpoint with the access token."""

import secrets

import pytest
import requests
from authlib.integrations.requests_client import OAuth2Session

from .conftest import CALLBACK
from .oidc_steps import DISCOVERY, CodeIDToken, JsonWebKey, jwt, provider_settings
from .test_requests_oauthlib_client import browser_for, consent


@pytest.fixture
def issuer(live_server, monkeypatch):
    """The live server as the issuer (it speaks plain http, which Authlib must allow)."""
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    with provider_settings(OIDC_ISS_ENDPOINT=live_server.url):
        yield live_server.url


def test_authlib_signs_alice_in_with_openid_email_profile(
    transactional_db, issuer, live_server, make_app, developer, alice
):
    app, secret = make_app(developer)
    discovery = requests.get(f"{issuer}{DISCOVERY}", timeout=10).json()
    session = OAuth2Session(
        app.client_id,
        secret,
        scope="openid email profile",
        redirect_uri=CALLBACK,
        code_challenge_method="S256",
    )
    nonce, verifier = secrets.token_urlsafe(16), secrets.token_urlsafe(48)
    url, _state = session.create_authorization_url(
        discovery["authorization_endpoint"], nonce=nonce, code_verifier=verifier
    )
    callback = consent(browser_for(alice, live_server), url)
    token = session.fetch_token(
        discovery["token_endpoint"], authorization_response=callback, code_verifier=verifier
    )

    jwks = requests.get(discovery["jwks_uri"], timeout=10).json()
    claims = jwt.decode(
        token["id_token"],
        JsonWebKey.import_key_set(jwks),
        claims_cls=CodeIDToken,
        claims_options={"iss": {"essential": True, "value": discovery["issuer"]}},
        claims_params={
            "nonce": nonce,
            "client_id": app.client_id,
            "access_token": token["access_token"],
        },
    )
    claims.validate()  # signature above; iss, aud, exp, iat, nonce, at_hash here
    userinfo = session.get(discovery["userinfo_endpoint"])

    assert discovery["issuer"] == issuer
    assert claims["iss"] == issuer and claims["aud"] == app.client_id
    assert claims["nonce"] == nonce
    assert claims["sub"] == alice.public_id
    assert (claims["email"], claims["email_verified"], claims["name"]) == (
        "alice@example.com",
        True,
        "Alice Owner",
    )
    assert userinfo.status_code == 200
    assert userinfo.json() == {
        "sub": alice.public_id,
        "email": "alice@example.com",
        "email_verified": True,
        "name": "Alice Owner",
    }
