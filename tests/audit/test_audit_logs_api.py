import pytest

from audit.models import RequestLog

URL = "/v1/audit-logs"


@pytest.fixture
def admin_api(alice, key_client):
    return key_client(alice, permissions=["admin"], name="SIEM export")


@pytest.mark.parametrize("permission", ["read", "write", "delete"])
def test_a_key_without_admin_is_refused(alice, key_client, permission):
    response = key_client(alice, permissions=[permission]).get(URL)

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"


def test_a_key_with_every_other_permission_is_still_refused(alice, key_client):
    response = key_client(alice, permissions=["read", "write", "delete"]).get(f"{URL}?type=events")

    assert response.status_code == 403


def test_no_key_is_a_401(api_client, db):
    assert api_client.get(URL).json()["error"]["code"] == "authentication_failed"


def test_an_admin_key_lists_request_logs_by_default(alice, key_client, admin_api):
    reader = key_client(alice, name="Reader")
    reader.get("/v1/users/me", HTTP_USER_AGENT="zapier/1.0", REMOTE_ADDR="203.0.113.4")
    row = RequestLog.objects.get()

    response = admin_api.get(URL)

    assert response.status_code == 200
    body = response.json()
    assert (body["has_more"], body["next_cursor"]) == (False, None)
    assert body["data"] == [
        {
            "id": row.request_id,
            "method": "GET",
            "path": "/v1/users/me",
            "status": 200,
            "error_code": "",
            "livemode": True,
            "key": reader.key.public_id,
            "app": None,
            "user": "alice@example.com",
            "ip": "203.0.113.4",
            "user_agent": "zapier/1.0",
            "latency_ms": row.latency_ms,
            "count": 1,
            "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
        }
    ]


def test_it_lists_security_events(alice, make_key, admin_api):
    key, _ = make_key(alice, name="Zapier sync")

    body = admin_api.get(f"{URL}?type=events").json()

    created = [item for item in body["data"] if item["target"]["id"] == key.public_id]
    assert len(created) == 1
    event = created[0]
    assert event["id"].startswith("evt_")
    assert event["action"] == "api_key.created"
    assert event["actor"] == "alice@example.com"
    assert event["target"] == {"type": "apikey", "id": key.public_id, "label": str(key)}
    assert event["metadata"]["permissions"] == ["read"]
    assert event["created_at"].endswith("Z")


def test_another_workspaces_rows_never_appear(alice, charlie, key_client, make_key, admin_api):
    outsider = key_client(charlie, permissions=["admin"])
    outsider.get("/v1/users/me")
    make_key(charlie)

    requests = admin_api.get(URL).json()["data"]
    events = admin_api.get(f"{URL}?type=events").json()["data"]

    assert all(item["key"] != outsider.key.public_id for item in requests)
    assert requests == []
    assert all(item["actor"] != "charlie@example.com" for item in events)


def test_a_test_key_reads_only_test_mode_requests(alice, key_client):
    live = key_client(alice, permissions=["admin"], livemode=True)
    test = key_client(alice, permissions=["admin"], livemode=False)
    live.get("/v1/users/me")
    test.get("/v1/users/me")

    from_test = test.get(URL).json()["data"]
    from_live = live.get(URL).json()["data"]

    assert [item["livemode"] for item in from_test] == [False]
    assert {item["livemode"] for item in from_live} == {True}


def test_events_are_workspace_wide_for_a_test_key(alice, key_client, make_key):
    live_key, _ = make_key(alice, livemode=True)
    test = key_client(alice, permissions=["admin"], livemode=False)

    targets = [item["target"]["id"] for item in test.get(f"{URL}?type=events").json()["data"]]

    assert live_key.public_id in targets


def test_the_trailing_slash_works_too(admin_api):
    assert admin_api.get(f"{URL}/").status_code == 200


def test_the_schema_documents_the_endpoint(client, db):
    schema = client.get("/api/schema/?format=json").json()

    operation = schema["paths"]["/v1/audit-logs"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"type", "key", "app", "status", "method", "path_prefix", "action"} <= names
    assert {"since", "until", "limit", "cursor"} <= names
    assert "200" in operation["responses"] and "403" in operation["responses"]
