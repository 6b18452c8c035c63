"""A key is parsed once per request: authentication hands what it parsed to
`ApiKey.objects.verify`, which still takes a raw key from anyone else (tests, the CLI)."""

from rest_framework.test import APIClient

from apikeys import keys
from apikeys.models import ApiKey


def get_me(raw):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_verify_takes_a_parsed_key_as_it_takes_a_raw_one(
    alice, make_key, django_assert_num_queries
):
    key, raw = make_key(alice)

    with django_assert_num_queries(1):
        found = ApiKey.objects.verify(keys.parse(raw))

    assert found == key
    assert found.creator_role == ApiKey.objects.verify(raw).creator_role == "owner"


def test_a_key_is_parsed_once_on_a_cache_miss(alice, make_key, local_memory, monkeypatch):
    _, raw = make_key(alice)
    parsed = []
    parse = keys.parse
    monkeypatch.setattr(keys, "parse", lambda text: parsed.append(text) or parse(text))

    assert get_me(raw).status_code == 200

    assert parsed == [raw]


def test_a_malformed_key_is_refused_without_reading_the_cache_generation(
    db, real_redis, settings, round_trips
):
    settings.KEY_CACHE_SECONDS = 60
    raw = keys.generate(livemode=True)
    broken = raw[:-6] + "000000"

    response = get_me(broken)

    assert response.json()["error"]["message"] == "Invalid API key provided"
    sent = b"".join(b"".join(command) for command in round_trips)
    assert b"coherence:rl:addr:" in sent  # charged to the client address
    assert b"coherence:credentials:generation" not in sent
