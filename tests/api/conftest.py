import pytest


@pytest.fixture
def live_api(alice, key_client):
    """Alice's live key with every permission."""
    return key_client(alice, permissions=["admin"], livemode=True, name="Live")


@pytest.fixture
def test_api(alice, key_client):
    """Alice's test-mode key with every permission: same workspace, sandbox data."""
    return key_client(alice, permissions=["admin"], livemode=False, name="Test")


@pytest.fixture
def create_record():
    """create_record(client, fields) -> the created record, as the API returned it."""

    def create(client, fields=None, module="contacts"):
        response = client.post(
            f"/v1/modules/{module}/records",
            {"fields": {"name": "Ada"} if fields is None else fields},
            format="json",
        )
        assert response.status_code == 201, response.content
        return response.json()["data"]

    return create


@pytest.fixture
def admin_api(key_client, workspace):
    """admin_api(user) -> a client sending a fresh live admin key of `user` in Alice's
    workspace."""

    def make(user, **options):
        return key_client(user, permissions=["admin"], workspace=workspace, **options)

    return make
