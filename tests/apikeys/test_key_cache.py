"""Verified keys are kept per process and checked against Redis on every request
(api.credential_cache): no query for a key in use, and every change still holds on the
very next request."""

from datetime import timedelta

import pytest
import redis
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services.members import member_change_role, member_remove
from accounts.services.workspaces import workspace_create, workspace_delete
from api import credential_cache as cache
from apikeys.services import key_revoke, key_roll, key_update


@pytest.fixture
def cached(real_redis, settings):
    settings.KEY_CACHE_SECONDS = 60
    return cache.verified


def call(raw, path="/v1/users/me", method="get"):
    return getattr(APIClient(), method)(path, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_a_key_in_use_costs_no_query_and_one_redis_round_trip(alice, make_key, cached, round_trips):
    _, raw = make_key(alice)
    call(raw)  # verified, cached, its first use recorded
    call(raw)  # the script is loaded into Redis (once per server)
    sent_before = len(round_trips)

    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200

    assert [q["sql"].split()[0] for q in queries] == ["INSERT"]  # the log row only
    assert len(round_trips) - sent_before == 1


def test_a_key_read_again_after_a_change_reads_the_generation_once(
    alice, make_key, cached, round_trips
):
    """The failed check already read the generation: the key is read again under
    it, with no second round trip to ask for it."""
    _, raw = make_key(alice)
    call(raw)
    call(raw)  # cached, and the script loaded
    alice.name = "Alice, renamed"
    alice.save()  # moves the generation
    sent_before = len(round_trips)

    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200

    assert [q["sql"].split()[0] for q in queries] == ["SELECT", "INSERT"]
    assert len(round_trips) - sent_before == 2  # the failed check, then the charge
    sent_before = len(round_trips)
    assert call(raw).status_code == 200  # cached again, under the generation read
    assert len(round_trips) - sent_before == 1


def test_a_generation_redis_lost_does_not_come_back(alice, make_key, cached, real_redis):
    """Redis restarted without its data (or evicted the generation): changes made
    after it are not mistaken for the generation a cached key was read under."""
    key, raw = make_key(alice)
    alice.save()  # the generation moves once
    assert call(raw).status_code == 200  # cached under it
    redis.Redis.from_url(real_redis).delete(cache.GENERATION)

    key_revoke(key=key, actor=alice)  # and moves once again

    assert call(raw).status_code == 401


def test_it_is_charged_like_any_key_and_refused_at_its_limit(alice, make_key, cached):
    _, raw = make_key(alice, rate_limit=3)

    statuses = [call(raw).status_code for _ in range(5)]

    assert statuses == [200, 200, 200, 429, 429]


def revoke(key, alice, bob):
    key_revoke(key=key, actor=alice)


def roll(key, alice, bob):
    key_roll(key=key, actor=alice)


def remove_creator(key, alice, bob):
    member_remove(workspace=key.workspace, user=bob, actor=alice)


def creator_leaves(key, alice, bob):
    member_remove(workspace=key.workspace, user=bob, actor=bob)


def deactivate_creator(key, alice, bob):
    bob.is_active = False
    bob.save()


def delete_workspace(key, alice, bob):
    workspace_create(owner=alice, name="Another one")  # nobody deletes their only workspace
    workspace_delete(workspace=key.workspace, actor=alice, confirm=key.workspace.name)


@pytest.mark.parametrize(
    "change",
    [revoke, roll, remove_creator, creator_leaves, deactivate_creator, delete_workspace],
)
def test_a_cached_key_stops_on_the_next_request_after_any_change(
    change, alice, bob, workspace, make_key, cached
):
    key, raw = make_key(bob, workspace=workspace)
    assert call(raw).status_code == 200  # cached now

    change(key, alice, bob)

    assert call(raw).status_code == 401


def test_a_changed_permission_holds_on_the_next_request(alice, make_key, cached):
    key, raw = make_key(alice, permissions=["read", "write"])
    assert call(raw, "/v1/modules/contacts/records", "post").status_code != 403

    key_update(key=key, actor=alice, permissions=["read"])

    assert call(raw, "/v1/modules/contacts/records", "post").status_code == 403


def test_a_demoted_creators_key_loses_admin_on_the_next_request(
    alice, erin, workspace, make_key, cached
):
    _, raw = make_key(erin, permissions=["read", "admin"], workspace=workspace)
    assert call(raw, "/v1/workspace").status_code == 200

    member_change_role(workspace=workspace, user=erin, role="member", actor=alice)

    assert call(raw, "/v1/workspace").status_code == 403


def test_a_cached_key_past_its_expiry_is_refused(alice, make_key, cached):
    _, raw = make_key(alice, expires_at=timezone.now() + timedelta(hours=1))
    assert call(raw).status_code == 200

    with time_machine.travel(timezone.now() + timedelta(hours=1, seconds=1)):
        assert call(raw).status_code == 401


def test_without_redis_nothing_is_cached(alice, make_key, local_memory):
    _, raw = make_key(alice)
    call(raw)

    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200

    assert [q["sql"].split()[0] for q in queries] == ["SELECT", "INSERT"]


def test_with_redis_unreachable_every_request_reads_the_database(alice, make_key, cached, settings):
    _, raw = make_key(alice)
    call(raw)
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    with CaptureQueriesContext(connection) as queries:
        assert call(raw).status_code == 200

    assert [q["sql"].split()[0] for q in queries][:1] == ["SELECT"]


def test_a_change_whose_bump_was_lost_holds_once_the_entry_is_old(
    alice, make_key, cached, monkeypatch, settings
):
    """The stated bound: a change made while Redis was unreachable is seen at the
    latest KEY_CACHE_SECONDS after the key was read."""
    key, raw = make_key(alice)
    assert call(raw).status_code == 200
    monkeypatch.setattr(cache, "bump_generation", lambda: None)
    key_revoke(key=key, actor=alice)
    clock = [cache._clock()]
    monkeypatch.setattr(cache, "_clock", lambda: clock[0])

    assert call(raw).status_code == 200  # the lost bump: still the cached verdict
    clock[0] += settings.KEY_CACHE_SECONDS + 1
    assert call(raw).status_code == 401
