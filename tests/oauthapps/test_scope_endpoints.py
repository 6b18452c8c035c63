"""Each scope opens exactly its endpoints; the rest answer 403 insufficient_permissions."""

import pytest

from .conftest import bearer

ENDPOINTS = {
    "users_me": ("get", "/v1/users/me", None),
    "users": ("get", "/v1/users", None),
    "records_list": ("get", "/v1/modules/contacts/records", None),
    "records_create": ("post", "/v1/modules/contacts/records", {"fields": {"name": "Ada"}}),
    "records_delete": ("delete", "/v1/modules/contacts/records/rec_doesnotexist", None),
    "emails_list": ("get", "/v1/emails", None),
    "emails_send": ("post", "/v1/emails", {"to": "a@example.com", "subject": "Hi", "body": "."}),
}

OPENS = {
    "read": {"users_me", "users", "records_list"},
    "write": {"records_create"},
    "delete": {"records_delete"},
    "users:read": {"users_me", "users"},
    "email:read": {"emails_list"},
    "email:send": {"emails_send"},
}


def call(client, token, endpoint):
    method, path, body = ENDPOINTS[endpoint]
    kwargs = {"data": body, "content_type": "application/json"} if body else {}
    return getattr(client, method)(path, **kwargs, **bearer(token))


@pytest.mark.parametrize("scope", list(OPENS))
def test_a_scope_opens_its_endpoints_and_no_others(flow, alice, client, scope):
    token = flow.tokens_for(alice, scope=scope)["access_token"]

    for endpoint in ENDPOINTS:
        response = call(client, token, endpoint)
        if endpoint in OPENS[scope]:
            assert response.status_code in (200, 201, 404), (endpoint, response.content)
        else:
            assert response.status_code == 403, (endpoint, response.content)
            assert response.json()["error"]["code"] == "insufficient_permissions"


def test_admin_implies_read_write_and_delete(make_app, make_flow, developer, alice, client):
    flow = make_flow(*make_app(developer, name="Coherence CLI", first_party=True))
    token = flow.tokens_for(alice, scope="admin")["access_token"]

    opened = {e for e in ENDPOINTS if call(client, token, e).status_code != 403}

    assert opened == OPENS["read"] | OPENS["write"] | OPENS["delete"]


def test_an_oauth_token_acts_on_live_data_of_its_workspace(flow, alice, client):
    token = flow.tokens_for(alice, scope="read write")["access_token"]

    created = call(client, token, "records_create").json()["data"]
    listed = call(client, token, "records_list").json()["data"]

    assert [r["id"] for r in listed] == [created["id"]]
    from api.models import Record

    record = Record.objects.get(public_id=created["id"])
    assert record.livemode is True
    assert record.workspace == alice.workspaces.get()
