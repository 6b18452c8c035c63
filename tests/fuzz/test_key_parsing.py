"""apikeys.keys.parse never raises, and accepts exactly the keys generate() makes."""

from hypothesis import example, given
from hypothesis import strategies as st

from apikeys import keys

generated = st.booleans().map(lambda livemode: keys.generate(livemode=livemode))


@given(st.text())
@example("ck_live_" + "\x00" * 38)
@example("ck_test_" + "é" * 38)
@example("ck_live_" + "\ud800" * 38)
def test_parse_never_raises_on_any_text(raw):
    assert keys.parse(raw) is None or keys.parse(raw).raw == raw


@given(generated)
def test_parse_accepts_every_generated_key(raw):
    parsed = keys.parse(raw)

    assert parsed is not None
    assert parsed.livemode == raw.startswith(keys.LIVE_PREFIX)


@given(generated, st.data())
def test_parse_refuses_a_generated_key_with_one_character_changed(raw, data):
    position = data.draw(st.integers(0, len(raw) - 1))
    replacement = data.draw(st.characters().filter(lambda c: c != raw[position]))
    changed = raw[:position] + replacement + raw[position + 1 :]

    # CRC32 catches every one-character change of the body and checksum.
    assert keys.parse(changed) is None


@given(st.text(alphabet=keys.BASE62, min_size=32, max_size=32), st.booleans())
def test_parse_accepts_a_well_formed_key_exactly_when_its_checksum_matches(secret, livemode):
    body = (keys.LIVE_PREFIX if livemode else keys.TEST_PREFIX) + secret

    assert keys.parse(body + keys.checksum(body)) is not None
    assert keys.parse(body + "000000") is None or keys.checksum(body) == "000000"
