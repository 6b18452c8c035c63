"""Calls the /v1/api-keys tests share (plain functions: fixtures stay in each file)."""

from rest_framework.test import APIClient

KEYS = "/v1/api-keys"


def bearer(raw: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def create(client, **body) -> dict:
    """A key made through the API; its `data`, with the secret."""
    response = client.post(KEYS, {"name": "Integration", "permissions": ["read"], **body})
    assert response.status_code == 201, response.content
    return response.json()["data"]
