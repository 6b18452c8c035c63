"""/.well-known/openid-configuration and the JWKS it names."""

from urllib.parse import urlsplit

import pytest
from django.urls import include, path
from oauth2_provider.settings import oauth2_settings

from oauthapps import oauth_urls

from .oidc_steps import DISCOVERY, provider_settings

RFC8414 = "/.well-known/oauth-authorization-server"

# The same routes without the device authorization endpoint.
urlpatterns = [
    path(
        "",
        include(
            (
                [p for p in oauth_urls.urlpatterns if p.name != "device-authorization"],
                "oauth2_provider",
            )
        ),
    )
]


@pytest.fixture
def documents(client, db):
    """(OpenID Connect discovery, RFC 8414 metadata)."""
    return client.get(DISCOVERY).json(), client.get(RFC8414).json()


def test_it_has_the_rfc8414_documents_issuer(documents):
    discovery, metadata = documents

    assert discovery["issuer"] == metadata["issuer"]


def test_both_take_the_issuer_from_oauth_issuer(client, db):
    with provider_settings(OIDC_ISS_ENDPOINT="https://auth.example.com"):
        discovery = client.get(DISCOVERY + "/").json()
        metadata = client.get(RFC8414).json()

    assert discovery["issuer"] == metadata["issuer"] == "https://auth.example.com"
    assert discovery["jwks_uri"] == "https://auth.example.com/.well-known/jwks.json"
    assert discovery["userinfo_endpoint"] == "https://auth.example.com/oauth/userinfo"


def test_it_names_every_endpoint(documents):
    discovery, metadata = documents

    paths = {
        key: urlsplit(discovery[key]).path
        for key in (
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_uri",
            "end_session_endpoint",
            "revocation_endpoint",
            "introspection_endpoint",
        )
    }
    assert paths == {
        "authorization_endpoint": "/oauth/authorize",
        "token_endpoint": "/oauth/token",
        "userinfo_endpoint": "/oauth/userinfo",
        "jwks_uri": "/.well-known/jwks.json",
        "end_session_endpoint": "/oauth/logout",
        "revocation_endpoint": "/oauth/revoke",
        "introspection_endpoint": "/oauth/introspect",
    }
    assert discovery["token_endpoint"] == metadata["token_endpoint"]
    assert metadata["jwks_uri"] == discovery["jwks_uri"]


def test_it_lists_what_is_actually_supported(documents):
    discovery, metadata = documents

    assert set(discovery["scopes_supported"]) == set(oauth2_settings.SCOPES)
    assert {"openid", "profile", "email"} <= set(discovery["scopes_supported"])
    assert discovery["grant_types_supported"] == metadata["grant_types_supported"]
    assert discovery["response_types_supported"] == ["code"]
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert discovery["id_token_signing_alg_values_supported"] == ["RS256"]
    assert discovery["subject_types_supported"] == ["public"]
    assert set(discovery["token_endpoint_auth_methods_supported"]) == set(
        metadata["token_endpoint_auth_methods_supported"]
    )
    assert {"sub", "name", "email", "email_verified"} <= set(discovery["claims_supported"])
    assert discovery["prompt_values_supported"] == ["none"]


def test_it_names_the_device_authorization_endpoint_like_the_rfc8414_document(documents):
    discovery, metadata = documents

    assert urlsplit(discovery["device_authorization_endpoint"]).path == (
        "/oauth/device_authorization"
    )
    assert discovery["device_authorization_endpoint"] == metadata["device_authorization_endpoint"]


@pytest.mark.urls(__name__)
def test_without_a_device_endpoint_it_names_none(client, db):
    discovery = client.get(DISCOVERY).json()

    assert "device_authorization_endpoint" not in discovery
    assert discovery["token_endpoint"].endswith("/oauth/token")


def test_the_jwks_publishes_the_public_signing_key_only(client, db):
    response = client.get("/.well-known/jwks.json")

    (key,) = response.json()["keys"]
    assert response.status_code == 200
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"] and key["n"] and key["e"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(key)
    assert "max-age=" in response["Cache-Control"]


def test_the_documents_answer_with_and_without_a_trailing_slash(client, db):
    for url in (DISCOVERY, DISCOVERY + "/", "/.well-known/jwks.json", "/.well-known/jwks.json/"):
        assert client.get(url).status_code == 200, url
