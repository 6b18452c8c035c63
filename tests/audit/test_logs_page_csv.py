import csv
import io
from datetime import timedelta

import pytest
import time_machine

from tests.audit.conftest import NOON

# Their rows are at NOON; unindexed filters search the week before now.
pytestmark = pytest.mark.usefixtures("near_noon")

EXPORT = "/settings/api/logs/export.csv"


def read_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_it_streams_the_filtered_rows_as_csv(client, alice, make_log):
    failed = make_log(status=401, error_code="authentication_failed")
    make_log(status=200)
    client.force_login(alice)

    response = client.get(f"{EXPORT}?status=4xx")

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = read_csv(response)
    assert [row["request_id"] for row in rows] == [failed.request_id]
    assert rows[0]["status"] == "401"
    assert rows[0]["error_code"] == "authentication_failed"


def test_the_header_names_every_column(client, alice):
    client.force_login(alice)

    header = b"".join(client.get(EXPORT).streaming_content).decode().splitlines()[0]

    assert header == (
        "request_id,created_at,method,path,status,error_code,environment,key,key_hint,"
        "app,app_name,user,ip,user_agent,latency_ms,count"
    )


def test_a_row_carries_the_key_user_and_timing(client, alice, key_client):
    api = key_client(alice, livemode=False)
    api.get("/v1/users/me", HTTP_USER_AGENT="curl/8.5", REMOTE_ADDR="198.51.100.20")
    client.force_login(alice)

    row = read_csv(client.get(EXPORT))[0]

    assert (row["method"], row["path"], row["status"]) == ("GET", "/v1/users/me", "200")
    assert (row["key"], row["key_hint"]) == (api.key.public_id, api.key.hint)
    assert (row["environment"], row["user"]) == ("test", "alice@example.com")
    assert (row["ip"], row["user_agent"]) == ("198.51.100.20", "curl/8.5")
    assert api.raw_key not in str(row)


def test_rows_come_newest_first(client, alice, make_log):
    old, new = make_log(created_at=NOON - timedelta(days=1)), make_log(created_at=NOON)
    client.force_login(alice)

    ids = [row["request_id"] for row in read_csv(client.get(EXPORT))]

    assert ids == [new.request_id, old.request_id]


def test_the_file_is_named_for_the_day(client, alice):
    client.force_login(alice)

    with time_machine.travel(NOON):
        response = client.get(EXPORT)

    assert response["Content-Disposition"] == 'attachment; filename="request-logs-2025-03-14.csv"'


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(client, alice, make_log):
    make_log(user_agent='=HYPERLINK("http://evil.example")')
    client.force_login(alice)

    assert read_csv(client.get(EXPORT))[0]["user_agent"].startswith("'=")


def test_another_workspaces_rows_are_never_exported(client, alice, charlie, make_log):
    make_log(workspace=charlie.workspaces.get())
    client.force_login(alice)

    assert read_csv(client.get(EXPORT)) == []


def test_the_page_links_to_the_export_of_what_it_shows(client, alice):
    client.force_login(alice)

    page = client.get("/settings/api/logs/?status=5xx&method=POST").content.decode()

    assert f'href="{EXPORT}?status=5xx&amp;method=POST"' in page
