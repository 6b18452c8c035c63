"""api.pagination.decode_cursor raises nothing but InvalidCursor, whatever it is given;
and a list given any cursor answers 200 or a 400 envelope."""

import base64
import json

from hypothesis import given
from hypothesis import strategies as st

from api.pagination import InvalidCursor, decode_cursor

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


def encoded(value) -> str:
    text = json.dumps(value)
    return base64.urlsafe_b64encode(text.encode("utf-8", "surrogatepass")).decode().rstrip("=")


pairs = st.tuples(
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()) | st.text(),
    st.text(max_size=40) | st.integers(),
).map(list)
cursors = st.one_of(
    st.text(),
    st.binary().map(lambda raw: base64.urlsafe_b64encode(raw).decode()),
    json_values.map(encoded),
    pairs.map(encoded),
)


@given(cursors)
def test_decode_raises_only_invalid_cursor(cursor):
    try:
        created_at, last = decode_cursor(cursor)
    except InvalidCursor:
        return
    assert created_at.utcoffset().total_seconds() == 0
    assert last.isascii()


@given(cursors)
def test_a_list_answers_any_cursor_with_200_or_a_400_envelope(live_api, cursor):
    response = live_api.get("/v1/modules/contacts/records", {"cursor": cursor})

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "validation_error"
