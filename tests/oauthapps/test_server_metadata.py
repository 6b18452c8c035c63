"""/.well-known/oauth-authorization-server (RFC 8414)."""

import pytest
from django.test import override_settings
from oauth2_provider.settings import oauth2_settings


@pytest.fixture
def metadata(client, db):
    return client.get("/.well-known/oauth-authorization-server").json()


def test_it_names_every_endpoint(metadata):
    assert metadata["authorization_endpoint"].endswith("/oauth/authorize")
    assert metadata["token_endpoint"].endswith("/oauth/token")
    assert metadata["revocation_endpoint"].endswith("/oauth/revoke")
    assert metadata["introspection_endpoint"].endswith("/oauth/introspect")


def test_it_lists_what_is_actually_supported(metadata):
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["grant_types_supported"] == [
        "authorization_code",
        "refresh_token",
        "urn:ietf:params:oauth:grant-type:device_code",
    ]
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert set(metadata["token_endpoint_auth_methods_supported"]) == {
        "client_secret_basic",
        "client_secret_post",
    }


def test_it_lists_the_scopes(metadata):
    for scope in ["read", "write", "delete", "email:read", "email:send", "users:read", "admin"]:
        assert scope in metadata["scopes_supported"]


def test_the_issuer_comes_from_oauth_issuer(client, db):
    provider = {**oauth2_settings.user_settings, "OIDC_ISS_ENDPOINT": "https://auth.example.com"}
    with override_settings(OAUTH2_PROVIDER=provider):
        metadata = client.get("/.well-known/oauth-authorization-server/").json()

    assert metadata["issuer"] == "https://auth.example.com"
    assert metadata["token_endpoint"] == "https://auth.example.com/oauth/token"
