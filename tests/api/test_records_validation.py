import pytest

CONTACTS = "/v1/modules/contacts/records"
MAX_BYTES = 64 * 1024


def nested(depth):
    """A fields object `depth` levels deep: the object itself is level 1."""
    value = {}
    for _ in range(depth - 1):
        value = {"a": value}
    return value


def fields_of_size(size):
    """A fields object of exactly `size` bytes as stored (json.dumps' default separators)."""
    return {"blob": "x" * (size - len('{"blob": ""}'))}


def assert_validation_error(response, field):
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert error["status"] == 400
    assert field in error["details"], error


@pytest.mark.parametrize("fields", [["a", "b"], "Ada", 42, True, None])
def test_it_refuses_fields_that_are_not_an_object(live_api, fields):
    response = live_api.post(CONTACTS, {"fields": fields}, format="json")

    assert_validation_error(response, "fields")


def test_it_refuses_a_body_without_fields(live_api):
    assert_validation_error(live_api.post(CONTACTS, {}, format="json"), "fields")
    assert_validation_error(live_api.post(CONTACTS), "fields")


def test_it_refuses_a_body_that_is_not_an_object(live_api):
    response = live_api.post(CONTACTS, [{"fields": {}}], format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


def test_it_refuses_malformed_json_with_the_envelope(live_api):
    response = live_api.post(CONTACTS, data='{"fields": ', content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_it_refuses_json_too_deep_to_parse_with_a_400_not_a_500(live_api):
    body = '{"fields": ' + "[" * 50_000 + "]" * 50_000 + "}"

    response = live_api.post(CONTACTS, data=body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["status"] == 400


def test_it_accepts_fields_of_exactly_64_kb(live_api):
    response = live_api.post(CONTACTS, {"fields": fields_of_size(MAX_BYTES)}, format="json")

    assert response.status_code == 201


def test_it_refuses_fields_over_64_kb(live_api):
    response = live_api.post(CONTACTS, {"fields": fields_of_size(MAX_BYTES + 1)}, format="json")

    assert_validation_error(response, "fields")
    assert live_api.get(CONTACTS).json()["data"] == []


def test_it_counts_the_size_as_stored_not_in_characters(live_api):
    # "é" is stored as the six bytes \u00e9: a sixth as many characters as the limit.
    fields = {"blob": "é" * ((MAX_BYTES - len('{"blob": ""}')) // 6 + 1)}

    assert_validation_error(live_api.post(CONTACTS, {"fields": fields}, format="json"), "fields")


def test_it_accepts_nesting_8_levels_deep(live_api):
    response = live_api.post(CONTACTS, {"fields": nested(8)}, format="json")

    assert response.status_code == 201
    assert response.json()["data"]["fields"] == nested(8)


def test_it_refuses_nesting_deeper_than_8_levels(live_api):
    assert_validation_error(live_api.post(CONTACTS, {"fields": nested(9)}, format="json"), "fields")


def test_arrays_count_as_levels_of_nesting(live_api):
    fields = {"a": [[[[[[["too deep"]]]]]]]}  # the object, then 7 arrays: 8 levels
    deeper = {"a": [[[[[[[["too deep"]]]]]]]]}

    assert live_api.post(CONTACTS, {"fields": fields}, format="json").status_code == 201
    assert_validation_error(live_api.post(CONTACTS, {"fields": deeper}, format="json"), "fields")


def test_patch_validates_fields_like_create(live_api, create_record):
    record = create_record(live_api, {"name": "Ada"})
    url = f"{CONTACTS}/{record['id']}"

    assert_validation_error(live_api.patch(url, {"fields": ["x"]}, format="json"), "fields")
    assert_validation_error(live_api.patch(url, {"fields": nested(9)}, format="json"), "fields")
    assert_validation_error(live_api.patch(url, {}, format="json"), "fields")
    assert live_api.get(url).json()["data"]["fields"] == {"name": "Ada"}


def test_patch_refuses_a_merge_that_would_exceed_64_kb(live_api, create_record):
    half = "x" * (MAX_BYTES // 2)
    record = create_record(live_api, {"first": half})
    url = f"{CONTACTS}/{record['id']}"

    response = live_api.patch(url, {"fields": {"second": half}}, format="json")

    assert_validation_error(response, "fields")
    assert live_api.get(url).json()["data"]["fields"] == {"first": half}


@pytest.mark.parametrize("limit", ["0", "101", "-1", "ten", "2.5"])
def test_it_refuses_a_limit_outside_1_to_100(live_api, limit):
    assert_validation_error(live_api.get(CONTACTS, {"limit": limit}), "limit")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "bm90IGpzb24",  # base64 of "not json"
        "WyJ5ZXN0ZXJkYXkiLCJyZWNfMSJd",  # base64 of ["yesterday","rec_1"]
        "eyJhIjoxfQ",  # base64 of {"a":1}
        "WyIyMDI2LTAxLTA1VDA5OjAwOjAwIiwicmVjXzEiXQ",  # a time without a zone
    ],
)
def test_it_refuses_a_cursor_it_did_not_issue(live_api, cursor):
    assert_validation_error(live_api.get(CONTACTS, {"cursor": cursor}), "cursor")
