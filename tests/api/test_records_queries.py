from django.db import connection
from django.test.utils import CaptureQueriesContext

CONTACTS = "/v1/modules/contacts/records"
# Authenticate the key, find the module, read one page, log the request: whatever
# the page size.
MAX_QUERIES = 4


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_listing_costs_the_same_few_queries_whatever_the_page_size(live_api, create_record):
    create_record(live_api)
    live_api.get(CONTACTS)  # the key's first use records last_used_at once
    one = queries_for(live_api, CONTACTS)

    for _ in range(30):
        create_record(live_api)
    page_of_thirty = queries_for(live_api, f"{CONTACTS}?limit=30")

    assert one == page_of_thirty
    assert page_of_thirty <= MAX_QUERIES


def test_a_later_page_costs_no_more_than_the_first(live_api, create_record):
    for _ in range(5):
        create_record(live_api)
    first = live_api.get(CONTACTS, {"limit": 2}).json()

    later = queries_for(live_api, f"{CONTACTS}?limit=2&cursor={first['next_cursor']}")

    assert later <= MAX_QUERIES
