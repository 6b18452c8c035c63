import logging

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from apikeys import keys
from apikeys.models import ApiKey
from apikeys.services import key_revoke
from tests.support import INVALID_API_KEY


def get_me(raw, **headers):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)


def assert_invalid_key(response):
    assert response.status_code == 401
    assert response.json() == INVALID_API_KEY
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_the_spec_verify_call_returns_the_documented_shape(alice, make_key):
    _, raw = make_key(alice)

    response = get_me(raw)

    assert response.status_code == 200
    assert response.json() == {
        "data": {"id": alice.public_id, "email": "alice@example.com", "name": "Alice Owner"}
    }


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_the_scheme_is_case_insensitive(alice, make_key, scheme):
    _, raw = make_key(alice)

    response = APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"{scheme} {raw}")

    assert response.status_code == 200


def test_a_key_in_the_query_string_is_ignored(alice, make_key):
    _, raw = make_key(alice)

    response = APIClient().get(f"/v1/users/me?api_key={raw}&access_token={raw}")

    assert response.status_code == 401


def test_it_refuses_a_revoked_key_on_the_very_next_request(alice, make_key):
    key, raw = make_key(alice)
    assert get_me(raw).status_code == 200

    key_revoke(key=key, actor=alice)

    assert_invalid_key(get_me(raw))


def test_it_refuses_an_expired_key(alice, make_key):
    with time_machine.travel("2026-03-01 09:00Z", tick=False):
        _, raw = make_key(alice, expires_at=timezone.now() + timezone.timedelta(days=1))
    with time_machine.travel("2026-03-02 09:00Z", tick=False):
        assert_invalid_key(get_me(raw))


def test_it_refuses_tampered_truncated_and_foreign_keys(alice, make_key):
    _, raw = make_key(alice)
    tampered = raw[:15] + ("x" if raw[15] != "x" else "y") + raw[16:]

    for bad in [tampered, raw[:-1], raw[:20], "ck_prod_" + raw[8:], "ck_test_" + raw[8:]]:
        assert_invalid_key(get_me(bad))


def test_a_wrong_checksum_costs_no_key_lookup(db):
    raw = keys.generate(livemode=True)
    bad = raw[:-6] + "000000"

    with CaptureQueriesContext(connection) as queries:
        assert_invalid_key(get_me(bad))

    # The request's own log row is the only statement.
    assert [q["sql"].split()[0:3] for q in queries] == [["INSERT", "INTO", '"audit_requestlog"']]


def test_a_valid_key_costs_one_query_once_its_use_is_recorded(alice, make_key, local_memory):
    """Without Redis no key is cached (tests/apikeys/test_key_cache.py covers the cache)."""
    _, raw = make_key(alice)
    get_me(raw)  # records last use

    with CaptureQueriesContext(connection) as queries:
        assert get_me(raw).status_code == 200

    statements = [q["sql"] for q in queries]
    assert len(statements) == 2, statements
    assert statements[0].startswith("SELECT") and '"apikeys_apikey"' in statements[0]
    assert statements[1].startswith('INSERT INTO "audit_requestlog"')


def test_last_use_is_written_at_most_once_a_minute(alice, make_key):
    key, raw = make_key(alice)
    with time_machine.travel("2026-05-01 10:00:00Z", tick=False):
        get_me(raw, REMOTE_ADDR="198.51.100.1")
    with time_machine.travel("2026-05-01 10:00:30Z", tick=False):
        get_me(raw, REMOTE_ADDR="198.51.100.2")
    key.refresh_from_db()
    assert key.last_used_at.isoformat() == "2026-05-01T10:00:00+00:00"
    assert key.last_used_ip == "198.51.100.1"

    with time_machine.travel("2026-05-01 10:01:05Z", tick=False):
        get_me(raw, REMOTE_ADDR="198.51.100.3")
    key.refresh_from_db()
    assert key.last_used_at.isoformat() == "2026-05-01T10:01:05+00:00"
    assert key.last_used_ip == "198.51.100.3"


def test_the_key_of_a_deactivated_user_stops_working(alice, make_key):
    _, raw = make_key(alice)
    alice.is_active = False
    alice.save()

    assert_invalid_key(get_me(raw))


def test_the_full_key_never_reaches_the_logs(alice, make_key, caplog):
    key, raw = make_key(alice)
    caplog.set_level(logging.DEBUG)

    get_me(raw)
    key_revoke(key=key, actor=alice)
    get_me(raw)

    assert raw not in caplog.text
    assert not ApiKey.objects.filter(name__contains=raw[8:]).exists()
