"""api.pagination.decode_cursor raises nothing but InvalidCursor, whatever it is given,
for either kind of tie-breaker; and a list given any cursor answers 200 or a 400 envelope."""

import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from api.pagination import MAX_ROW_ID, InvalidCursor, decode_cursor

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
    st.text(max_size=40) | st.integers() | st.booleans(),
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
        position = decode_cursor(cursor)
    except InvalidCursor:
        return
    assert position.created_at.utcoffset().total_seconds() == 0
    assert isinstance(position.last, str) and position.last.isascii()


@given(cursors)
def test_decode_of_an_integer_tiebreak_raises_only_invalid_cursor(cursor):
    try:
        position = decode_cursor(cursor, int)
    except InvalidCursor:
        return
    assert position.created_at.utcoffset().total_seconds() == 0
    assert type(position.last) is int and 0 <= position.last <= MAX_ROW_ID


@pytest.mark.parametrize("url", ["/v1/modules/contacts/records", "/v1/audit-logs"])
@given(cursor=cursors)
def test_a_list_answers_any_cursor_with_200_or_a_400_envelope(live_api, url, cursor):
    response = live_api.get(url, {"cursor": cursor})

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]["code"] == "validation_error"
