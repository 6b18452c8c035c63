"""A test key never sees or changes live records, and a live key never test ones."""

import pytest

CONTACTS = "/v1/modules/contacts/records"

# (the mode that writes the record, the mode that must not reach it)
DIRECTIONS = pytest.mark.parametrize(
    ("owner", "stranger"), [("live_api", "test_api"), ("test_api", "live_api")]
)


@pytest.fixture
def clients(request):
    def get(owner, stranger):
        return request.getfixturevalue(owner), request.getfixturevalue(stranger)

    return get


@DIRECTIONS
def test_the_list_shows_only_records_of_the_keys_mode(clients, owner, stranger, create_record):
    owner_api, stranger_api = clients(owner, stranger)
    mine = create_record(owner_api, {"name": "Ada"})

    assert stranger_api.get(CONTACTS).json()["data"] == []
    assert owner_api.get(CONTACTS).json()["data"] == [mine]


@DIRECTIONS
def test_a_record_of_the_other_mode_cannot_be_retrieved(clients, owner, stranger, create_record):
    owner_api, stranger_api = clients(owner, stranger)
    record = create_record(owner_api)

    response = stranger_api.get(f"{CONTACTS}/{record['id']}")

    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Record not found"


@DIRECTIONS
def test_a_record_of_the_other_mode_cannot_be_updated(clients, owner, stranger, create_record):
    owner_api, stranger_api = clients(owner, stranger)
    record = create_record(owner_api, {"name": "Ada"})
    url = f"{CONTACTS}/{record['id']}"

    response = stranger_api.patch(url, {"fields": {"name": "Eve"}}, format="json")

    assert response.status_code == 404
    assert owner_api.get(url).json()["data"] == record


@DIRECTIONS
def test_a_record_of_the_other_mode_cannot_be_deleted(clients, owner, stranger, create_record):
    owner_api, stranger_api = clients(owner, stranger)
    record = create_record(owner_api)
    url = f"{CONTACTS}/{record['id']}"

    response = stranger_api.delete(url)

    assert response.status_code == 404
    assert owner_api.get(url).json()["data"] == record


def test_a_record_takes_the_mode_of_the_key_that_created_it(live_api, test_api, create_record):
    sandbox = create_record(test_api, {"mode": "test"})
    real = create_record(live_api, {"mode": "live"})

    assert test_api.get(CONTACTS).json()["data"] == [sandbox]
    assert live_api.get(CONTACTS).json()["data"] == [real]
