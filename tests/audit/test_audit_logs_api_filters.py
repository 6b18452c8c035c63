from datetime import timedelta

import pytest

from tests.audit.conftest import NOON

URL = "/v1/audit-logs"


@pytest.fixture
def admin_api(alice, key_client):
    return key_client(alice, permissions=["admin"], name="SIEM export")


@pytest.fixture
def listed(admin_api):
    """listed(query) -> the ids /v1/audit-logs returns for that query string."""

    def ids(query=""):
        response = admin_api.get(f"{URL}?{query}")
        assert response.status_code == 200, response.content
        return [item["id"] for item in response.json()["data"]]

    return ids


def test_it_filters_requests_by_key(listed, alice, key_client):
    zapier, backup = key_client(alice, name="Zapier"), key_client(alice, name="Backup")
    zapier.get("/v1/users/me")
    backup.get("/v1/users/me")

    from audit.models import RequestLog

    assert listed(f"key={zapier.key.public_id}") == [
        RequestLog.objects.get(api_key=zapier.key).request_id
    ]


def test_it_filters_requests_by_app(listed, authorized_app, make_log):
    by_app = make_log(oauth_application=authorized_app)
    make_log()

    assert listed(f"app={authorized_app.client_id}") == [by_app.request_id]


@pytest.mark.parametrize(
    "status_class, expected", [("2xx", [200]), ("4xx", [403]), ("429", [429]), ("5xx", [500])]
)
@pytest.mark.usefixtures("near_noon")  # unindexed filters search the week before now
def test_it_filters_requests_by_status_class(listed, make_log, status_class, expected):
    rows = {
        make_log(status=status, created_at=NOON + timedelta(seconds=i)).request_id: status
        for i, status in enumerate([200, 403, 429, 500])
    }

    assert [rows[request_id] for request_id in listed(f"status={status_class}")] == expected


@pytest.mark.usefixtures("near_noon")
def test_it_filters_requests_by_method_and_path_prefix(listed, make_log):
    wanted = make_log(method="POST", path="/v1/modules/contacts/records")
    make_log(method="GET", path="/v1/modules/contacts/records")
    make_log(method="POST", path="/v1/users")

    assert listed("method=POST&path_prefix=/v1/modules/") == [wanted.request_id]


def test_it_filters_requests_by_time(listed, make_log):
    make_log(created_at=NOON - timedelta(hours=2))
    inside = make_log(created_at=NOON)
    make_log(created_at=NOON + timedelta(hours=1))

    assert listed("since=2025-03-14T11:00:00Z&until=2025-03-14T13:00:00Z") == [inside.request_id]


def test_since_is_inclusive_and_until_exclusive(listed, make_log):
    at_start = make_log(created_at=NOON)
    make_log(created_at=NOON + timedelta(hours=1))

    assert listed("since=2025-03-14T12:00:00Z&until=2025-03-14T13:00:00Z") == [at_start.request_id]


def test_it_filters_events_by_action_prefix(listed, make_event):
    revoked = make_event("api_key.revoked")
    make_event("oauth.authorized")

    assert listed("type=events&action=api_key.revoked") == [revoked.public_id]
    assert revoked.public_id in listed("type=events&action=api_key.")
    assert revoked.public_id not in listed("type=events&action=oauth.")


def test_it_filters_events_by_time(listed, make_event):
    make_event(created_at=NOON - timedelta(days=2))
    inside = make_event(created_at=NOON)

    assert listed("type=events&since=2025-03-14T00:00:00Z&until=2025-03-15T00:00:00Z") == [
        inside.public_id
    ]


@pytest.mark.parametrize(
    "query, field",
    [
        ("type=everything", "type"),
        ("status=3xx", "status"),
        ("method=BREW", "method"),
        ("since=yesterday", "since"),
        ("until=2025-13-45", "until"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=many", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("key=key_doesnotexist", "key"),
        ("app=no-such-client", "app"),
        ("action=api_key.", "action"),  # an events filter on requests
        ("type=events&status=2xx", "status"),  # a requests filter on events
        ("since=2025-03-14T12:00:00Z&until=2025-03-14T11:00:00Z", "until"),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(admin_api, query, field):
    response = admin_api.get(f"{URL}?{query}")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert field in error["details"]


def test_another_workspaces_key_cannot_be_named(admin_api, charlie, make_key):
    theirs, _ = make_key(charlie)

    response = admin_api.get(f"{URL}?key={theirs.public_id}")

    assert response.status_code == 400
    assert "key" in response.json()["error"]["details"]
