from datetime import UTC, datetime, timedelta

import time_machine

CONTACTS = "/v1/modules/contacts/records"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def create_at_distinct_times(client, count):
    """Records named 1..count, each a second newer than the one before."""
    ids = []
    with time_machine.travel(START, tick=False) as traveller:
        for number in range(1, count + 1):
            response = client.post(CONTACTS, {"fields": {"n": number}}, format="json")
            ids.append(response.json()["data"]["id"])
            traveller.shift(timedelta(seconds=1))
    return ids


def numbers_of(page):
    return [record["fields"]["n"] for record in page["data"]]


def test_it_lists_newest_first(live_api):
    create_at_distinct_times(live_api, 3)

    assert numbers_of(live_api.get(CONTACTS).json()) == [3, 2, 1]


def test_it_walks_every_page_with_the_cursor(live_api):
    create_at_distinct_times(live_api, 5)

    first = live_api.get(CONTACTS, {"limit": 2}).json()
    second = live_api.get(CONTACTS, {"limit": 2, "cursor": first["next_cursor"]}).json()
    third = live_api.get(CONTACTS, {"limit": 2, "cursor": second["next_cursor"]}).json()

    assert numbers_of(first) == [5, 4]
    assert numbers_of(second) == [3, 2]
    assert numbers_of(third) == [1]
    assert (first["has_more"], second["has_more"], third["has_more"]) == (True, True, False)
    assert third["next_cursor"] is None


def test_a_page_that_ends_exactly_at_the_last_record_has_no_more(live_api):
    create_at_distinct_times(live_api, 2)

    page = live_api.get(CONTACTS, {"limit": 2}).json()

    assert len(page["data"]) == 2
    assert page["has_more"] is False
    assert page["next_cursor"] is None


def test_the_default_page_holds_25_records(live_api):
    create_at_distinct_times(live_api, 26)

    page = live_api.get(CONTACTS).json()

    assert len(page["data"]) == 25
    assert page["has_more"] is True
    rest = live_api.get(CONTACTS, {"cursor": page["next_cursor"]}).json()
    assert numbers_of(rest) == [1]


def test_it_accepts_limits_from_1_to_100(live_api):
    create_at_distinct_times(live_api, 2)

    assert len(live_api.get(CONTACTS, {"limit": 1}).json()["data"]) == 1
    assert len(live_api.get(CONTACTS, {"limit": 100}).json()["data"]) == 2


def test_records_created_after_the_first_page_do_not_shift_later_pages(live_api):
    create_at_distinct_times(live_api, 4)
    first = live_api.get(CONTACTS, {"limit": 2}).json()

    live_api.post(CONTACTS, {"fields": {"n": 99}}, format="json")
    second = live_api.get(CONTACTS, {"limit": 2, "cursor": first["next_cursor"]}).json()

    assert numbers_of(second) == [2, 1]


def test_records_created_in_the_same_instant_are_each_listed_once(live_api):
    with time_machine.travel(START, tick=False):
        created = {
            live_api.post(CONTACTS, {"fields": {}}, format="json").json()["data"]["id"]
            for _ in range(7)
        }

    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = live_api.get(CONTACTS, params).json()
        seen += [record["id"] for record in page["data"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break

    assert sorted(seen) == sorted(created)


def test_the_cursor_is_opaque(live_api):
    create_at_distinct_times(live_api, 2)

    cursor = live_api.get(CONTACTS, {"limit": 1}).json()["next_cursor"]

    assert isinstance(cursor, str)
    assert cursor.isascii()
    assert "rec_" not in cursor
