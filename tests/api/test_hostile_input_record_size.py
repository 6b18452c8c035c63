"""A record's 64 KB are counted as the databases store it, so an accepted record
stays updatable: PostgreSQL writes 1e300 out as 301 digits, Django's JSONField
writes "é" as \\u00e9."""

import json

import pytest
from django.db import connection

from api.models import Record
from api.records.fields import MAX_BYTES, stored_size

CONTACTS = "/v1/modules/contacts/records"


def database_size(public_id: str) -> int:
    """Bytes of the row's fields as the database gives them back as text."""
    cast = "octet_length(fields::text)" if connection.vendor == "postgresql" else "length(fields)"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cast} FROM api_record WHERE public_id = %s", [public_id])  # noqa: S608
        return cursor.fetchone()[0]


def floats_just_under_the_limit() -> dict:
    fields = {"pad": ""}
    n = 0
    while stored_size(fields) < MAX_BYTES - 400:
        fields[f"n{n}"] = 1e300
        n += 1
    fields["pad"] = "x" * (MAX_BYTES - stored_size(fields))
    return fields


def test_a_float_is_counted_as_the_digits_postgresql_stores():
    assert stored_size({"n": 1e300}) == len('{"n": }') + 301
    assert stored_size({"n": 1.5e-10}) == len('{"n": 0.00000000015}')
    assert stored_size({"n": 0.5}) == len('{"n": 0.5}')


def test_text_is_counted_as_json_dumps_writes_it():
    assert stored_size({"é": "é"}) == len(json.dumps({"é": "é"})) == len('{"\\u00e9": "\\u00e9"}')


def test_floats_that_postgresql_would_write_out_count_against_the_limit(live_api):
    fields = {f"n{n}": 1e300 for n in range(250)}  # 2 KB as sent, 76 KB as stored

    response = live_api.post(CONTACTS, {"fields": fields}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    "fields",
    [
        floats_just_under_the_limit(),
        {"blob": "é" * ((MAX_BYTES - len('{"blob": ""}')) // 6)},
        {"blob": "x" * (MAX_BYTES - len('{"blob": ""}'))},
    ],
    ids=["floats", "non-ascii", "ascii"],
)
def test_a_record_accepted_just_under_64_kb_stays_updatable(live_api, fields):
    created = live_api.post(CONTACTS, {"fields": fields}, format="json")
    assert created.status_code == 201, created.content
    url = f"{CONTACTS}/{created.json()['data']['id']}"

    unchanged = live_api.patch(url, {"fields": {"pad": fields.get("pad")}}, format="json")
    smaller = live_api.patch(url, {"fields": {next(iter(fields)): None}}, format="json")

    assert unchanged.status_code == 200, unchanged.content
    assert smaller.status_code == 200, smaller.content


def test_the_count_is_never_below_what_the_database_holds(live_api):
    fields = {"f": 1e300, "g": 1.5e-10, "h": -2.5e22, "é": "ü" * 10, "i": 10**40, "j": [1e-7]}
    record_id = live_api.post(CONTACTS, {"fields": fields}, format="json").json()["data"]["id"]

    stored = Record.objects.get(public_id=record_id).fields

    assert database_size(record_id) <= stored_size(fields)
    assert stored_size(stored) <= stored_size(fields)
