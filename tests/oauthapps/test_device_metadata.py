"""The device flow in the server metadata (RFC 8414, RFC 8628 section 4)."""

from django.test import override_settings
from oauth2_provider.settings import oauth2_settings


def test_it_names_the_device_authorization_endpoint(client, db):
    metadata = client.get("/.well-known/oauth-authorization-server").json()

    issuer = oauth2_settings.OIDC_ISS_ENDPOINT
    assert metadata["device_authorization_endpoint"] == f"{issuer}/oauth/device_authorization"
    assert "urn:ietf:params:oauth:grant-type:device_code" in metadata["grant_types_supported"]


def test_the_endpoint_follows_the_issuer(client, db):
    provider = {**oauth2_settings.user_settings, "OIDC_ISS_ENDPOINT": "https://auth.example.com"}
    with override_settings(OAUTH2_PROVIDER=provider):
        metadata = client.get("/.well-known/oauth-authorization-server/").json()

    assert metadata["device_authorization_endpoint"] == (
        "https://auth.example.com/oauth/device_authorization"
    )
    assert metadata["token_endpoint"] == "https://auth.example.com/oauth/token"


def test_the_document_stays_public_json(client, db):
    response = client.get("/.well-known/oauth-authorization-server")

    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
