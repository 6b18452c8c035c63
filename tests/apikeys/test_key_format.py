import re

from apikeys import keys


def test_a_live_key_has_the_prefix_base62_body_and_checksum():
    raw = keys.generate(livemode=True)

    assert re.fullmatch(r"ck_live_[0-9A-Za-z]{38}", raw)
    assert raw[-6:] == keys.checksum(raw[:-6])
    assert keys.parse(raw).livemode is True


def test_a_test_key_is_parsed_as_sandbox():
    raw = keys.generate(livemode=False)

    assert raw.startswith("ck_test_")
    assert keys.parse(raw).livemode is False


def test_the_secret_carries_at_least_160_bits():
    assert keys.SECRET_LENGTH * 5.954 >= 160  # log2(62) = 5.954


def test_keys_do_not_repeat():
    assert len({keys.generate(livemode=True) for _ in range(1000)}) == 1000


def test_it_refuses_a_changed_character():
    raw = keys.generate(livemode=True)
    flipped = raw[:12] + ("a" if raw[12] != "a" else "b") + raw[13:]

    assert keys.parse(flipped) is None


def test_it_refuses_truncated_extended_and_foreign_keys():
    raw = keys.generate(livemode=True)

    assert keys.parse(raw[:-1]) is None
    assert keys.parse(raw + "0") is None
    assert keys.parse("ck_prod_" + raw[8:]) is None
    assert keys.parse("ck_test_" + raw[8:]) is None  # the checksum covers the prefix
    assert keys.parse(raw[:20] + "-" + raw[21:]) is None


def test_the_hint_shows_the_prefix_and_four_characters_each_side():
    raw = keys.generate(livemode=True)

    assert keys.hint(raw) == f"ck_live_{raw[8:12]}…{raw[-4:]}"


def test_only_a_sha256_digest_is_derived_for_storage():
    raw = keys.generate(livemode=True)

    assert re.fullmatch(r"[0-9a-f]{64}", keys.digest(raw))
    assert raw not in keys.digest(raw)
