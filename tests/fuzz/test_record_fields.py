"""Any JSON as a record's fields is a 201 or a 400 envelope; a 201 reads back and
can be written again (the stored size is what was checked)."""

import json

from hypothesis import example, given
from hypothesis import strategies as st

CONTACTS = "/v1/modules/contacts/records"

# Every code point, lone surrogates and NUL included: json.dumps escapes them.
text = st.text(alphabet=st.characters(codec=None, min_codepoint=0), max_size=20)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | text
)
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=25,
)


@given(fields=documents)
@example(fields={"a": "\x00"})
@example(fields={"\ud800": 1})
@example(fields={"big": 1e308})
@example(fields={"n": float("nan")})
def test_any_fields_are_created_or_refused_with_a_400(live_api, fields):
    response = live_api.post(
        CONTACTS, data=json.dumps({"fields": fields}), content_type="application/json"
    )

    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]["code"] in ("validation_error", "invalid_json")
        return
    url = f"{CONTACTS}/{response.json()['data']['id']}"
    assert live_api.get(url).status_code == 200
    again = live_api.patch(
        url, data=json.dumps({"fields": fields}), content_type="application/json"
    )
    assert again.status_code == 200, again.content


@given(
    body=st.binary(max_size=200)
    # Lone surrogates have no UTF-8 form; as escapes inside JSON they are covered above.
    | text.filter(lambda value: value == value.encode("utf-8", "ignore").decode()).map(str.encode)
)
def test_any_body_is_created_or_refused_with_a_400(live_api, body):
    response = live_api.post(CONTACTS, data=body, content_type="application/json")

    assert response.status_code in (201, 400), response.content
