from datetime import timedelta

import pytest

from audit.models import RequestLog
from tests.audit.conftest import NOON

# Their rows are at NOON; unindexed filters search the week before now.
pytestmark = pytest.mark.usefixtures("near_noon")


@pytest.fixture
def shown(client, alice, shown_ids):
    """shown(query) -> the request ids the Logs page shows for that query string."""
    client.force_login(alice)
    return lambda query="": shown_ids(client.get(f"/settings/api/logs/?{query}"))


def test_it_filters_by_api_key(shown, alice, key_client):
    zapier, backup = key_client(alice, name="Zapier"), key_client(alice, name="Backup")
    zapier.get("/v1/users/me")
    backup.get("/v1/users/me")

    zapier_row = RequestLog.objects.get(api_key=zapier.key)
    assert shown(f"source={zapier.key.public_id}") == [zapier_row.request_id]


def test_the_key_filter_lists_the_workspaces_keys_only(client, alice, charlie, make_key):
    mine, _ = make_key(alice, name="Mine")
    theirs, _ = make_key(charlie, name="Not mine")
    client.force_login(alice)

    page = client.get("/settings/api/logs/").content.decode()

    assert f'value="{mine.public_id}"' in page
    assert theirs.public_id not in page


def test_it_filters_by_oauth_app(shown, authorized_app, make_log):
    by_app = make_log(oauth_application=authorized_app)
    make_log()

    assert shown(f"source=app:{authorized_app.client_id}") == [by_app.request_id]


@pytest.mark.parametrize(
    "status_class, expected",
    [("2xx", [201, 200]), ("4xx", [404, 401]), ("429", [429]), ("5xx", [503, 500])],
)
def test_it_filters_by_status_class(shown, make_log, status_class, expected):
    statuses = [200, 201, 401, 404, 429, 500, 503]
    rows = {
        make_log(status=status, created_at=NOON + timedelta(seconds=i)).request_id: status
        for i, status in enumerate(statuses)
    }

    assert [rows[request_id] for request_id in shown(f"status={status_class}")] == expected


def test_it_filters_by_method(shown, make_log):
    post = make_log(method="POST", path="/v1/modules/contacts/records")
    make_log(method="GET")

    assert shown("method=POST") == [post.request_id]


def test_it_filters_by_path_prefix(shown, make_log):
    records = make_log(path="/v1/modules/contacts/records/rec_1")
    make_log(path="/v1/users/me")

    assert shown("path=/v1/modules/") == [records.request_id]
    assert shown("path=v1/modules") == [records.request_id]  # the leading slash is implied


def test_it_filters_by_a_range_of_whole_days(shown, make_log):
    before = make_log(created_at=NOON - timedelta(days=2))
    first_day = make_log(created_at=NOON.replace(hour=0, minute=0) - timedelta(days=1))
    last_moment = make_log(created_at=NOON.replace(hour=23, minute=59, second=59))
    after = make_log(created_at=NOON + timedelta(days=1))

    ids = shown("date_from=2025-03-13&date_to=2025-03-14")

    assert ids == [last_moment.request_id, first_day.request_id]
    assert before.request_id not in ids and after.request_id not in ids


def test_a_backwards_date_range_is_reported_on_the_form(client, alice, make_log):
    client.force_login(alice)

    page = client.get("/settings/api/logs/?date_from=2025-03-14&date_to=2025-03-01").content

    assert b"Pick a day on or after" in page


def test_it_filters_by_environment(shown, make_log):
    live, test = make_log(livemode=True), make_log(livemode=False)

    assert shown("environment=live") == [live.request_id]
    assert shown("environment=test") == [test.request_id]


def test_filters_combine(shown, make_log):
    wanted = make_log(method="POST", status=400, livemode=False)
    make_log(method="POST", status=400, livemode=True)
    make_log(method="GET", status=400, livemode=False)
    make_log(method="POST", status=201, livemode=False)

    assert shown("method=POST&status=4xx&environment=test") == [wanted.request_id]


def test_a_filter_that_matches_nothing_says_so(client, alice, make_log):
    make_log(status=200)
    client.force_login(alice)

    page = client.get("/settings/api/logs/?status=5xx").content.decode()

    assert "No requests match these filters" in page
