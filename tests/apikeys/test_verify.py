import time_machine
from django.utils import timezone

from apikeys import keys
from apikeys.models import ApiKey
from apikeys.services import key_revoke


def test_it_finds_an_active_key_in_one_query(alice, make_key, django_assert_num_queries):
    key, raw = make_key(alice)

    with django_assert_num_queries(1):
        found = ApiKey.objects.verify(raw)
        assert found.workspace.name and found.created_by.email  # joined, no extra query

    assert found == key


def test_a_bad_checksum_costs_no_query(db, django_assert_num_queries):
    raw = keys.generate(livemode=True)
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")

    with django_assert_num_queries(0):
        assert ApiKey.objects.verify(tampered) is None
        assert ApiKey.objects.verify(raw[:-3]) is None
        assert ApiKey.objects.verify("ck_nope_" + raw[8:]) is None


def test_an_unknown_well_formed_key_is_none(db):
    assert ApiKey.objects.verify(keys.generate(livemode=True)) is None


def test_a_revoked_key_is_none(alice, make_key):
    key, raw = make_key(alice)
    key_revoke(key=key, actor=alice)

    assert ApiKey.objects.verify(raw) is None


def test_an_expired_key_is_none(alice, make_key):
    with time_machine.travel("2026-01-01 12:00Z", tick=False):
        key, raw = make_key(alice, expires_at=timezone.now() + timezone.timedelta(hours=1))
        assert ApiKey.objects.verify(raw) == key

    with time_machine.travel("2026-01-01 13:00Z", tick=False):
        assert ApiKey.objects.verify(raw) is None


def test_only_the_digest_is_stored(alice, make_key):
    key, raw = make_key(alice)

    stored = ApiKey.objects.filter(pk=key.pk).values().get()
    assert raw not in str(stored)
    assert stored["digest"] == keys.digest(raw)


def test_the_found_key_is_loaded_exactly_as_the_orm_loads_it(alice, make_key):
    with time_machine.travel("2026-02-01 10:00Z", tick=False):
        key, raw = make_key(
            alice,
            permissions=["read", "write"],
            livemode=False,
            allowed_ips=["10.0.0.0/8", "2001:db8::/32"],
            expires_at=timezone.now() + timezone.timedelta(days=3),
            rate_limit=42,
        )
        key.touch("203.0.113.9")

        found = ApiKey.objects.verify(raw)

    stored = ApiKey.objects.select_related("workspace", "created_by").get(pk=key.pk)
    assert values(found) == values(stored)
    assert values(found.workspace) == values(stored.workspace)
    assert values(found.created_by) == values(stored.created_by)
    assert found.permissions == ["read", "write"] and found.livemode is False
    assert found._state.adding is False


def values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}
