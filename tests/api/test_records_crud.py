from datetime import datetime

CONTACTS = "/v1/modules/contacts/records"


def test_it_creates_a_record_and_returns_it_with_201(live_api):
    response = live_api.post(
        CONTACTS, {"fields": {"email": "ada@example.com", "tags": ["vip"]}}, format="json"
    )

    assert response.status_code == 201
    record = response.json()["data"]
    assert set(record) == {"id", "fields", "created_at", "updated_at"}
    assert record["id"].startswith("rec_")
    assert len(record["id"]) > len("rec_") + 16
    assert record["fields"] == {"email": "ada@example.com", "tags": ["vip"]}


def test_it_retrieves_a_record_by_id(live_api, create_record):
    created = create_record(live_api, {"email": "ada@example.com"})

    response = live_api.get(f"{CONTACTS}/{created['id']}")

    assert response.status_code == 200
    assert response.json() == {"data": created}


def test_it_lists_records(live_api, create_record):
    created = create_record(live_api)

    response = live_api.get(CONTACTS)

    assert response.status_code == 200
    assert response.json() == {"data": [created], "has_more": False, "next_cursor": None}


def test_it_answers_with_and_without_a_trailing_slash(live_api, create_record):
    created = create_record(live_api)

    assert live_api.get(f"{CONTACTS}/").status_code == 200
    assert live_api.get(f"{CONTACTS}/{created['id']}/").status_code == 200
    assert live_api.post(f"{CONTACTS}/", {"fields": {}}, format="json").status_code == 201


def test_patch_merges_the_given_fields_into_the_stored_ones(live_api, create_record):
    created = create_record(live_api, {"name": "Ada", "email": "ada@old.example", "city": "London"})

    response = live_api.patch(
        f"{CONTACTS}/{created['id']}",
        {"fields": {"email": "ada@example.com", "phone": "+44 20 7946 0000"}},
        format="json",
    )

    assert response.status_code == 200
    record = response.json()["data"]
    assert record["fields"] == {
        "name": "Ada",
        "email": "ada@example.com",
        "city": "London",
        "phone": "+44 20 7946 0000",
    }
    assert record["created_at"] == created["created_at"]
    assert datetime.fromisoformat(record["updated_at"]) > datetime.fromisoformat(
        created["updated_at"]
    )
    assert live_api.get(f"{CONTACTS}/{created['id']}").json()["data"] == record


def test_patch_removes_a_key_set_to_null(live_api, create_record):
    created = create_record(live_api, {"name": "Ada", "city": "London"})

    response = live_api.patch(
        f"{CONTACTS}/{created['id']}", {"fields": {"city": None}}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["data"]["fields"] == {"name": "Ada"}


def test_patch_replaces_nested_values_whole(live_api, create_record):
    created = create_record(live_api, {"address": {"city": "London", "zip": "N1"}})

    response = live_api.patch(
        f"{CONTACTS}/{created['id']}", {"fields": {"address": {"city": "Oslo"}}}, format="json"
    )

    assert response.json()["data"]["fields"] == {"address": {"city": "Oslo"}}


def test_it_deletes_a_record_with_204_and_no_body(live_api, create_record):
    created = create_record(live_api)

    response = live_api.delete(f"{CONTACTS}/{created['id']}")

    assert response.status_code == 204
    assert response.content == b""
    assert live_api.get(f"{CONTACTS}/{created['id']}").status_code == 404
    assert live_api.get(CONTACTS).json()["data"] == []
