import os

import pytest
import redis
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from accounts.services import user_signup
from tests.support import PASSWORD


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With TESTS_FORBID_SKIPS=1 (CI), a skipped test fails: a missing browser or
    database must not pass unnoticed."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("TESTS_FORBID_SKIPS") == "1"
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = f"skipped, and TESTS_FORBID_SKIPS=1 forbids it: {report.longrepr}"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` need what only PostgreSQL has (partitions, its catalog).
    On SQLite they are deselected, not skipped: CI's PostgreSQL pass runs them, and a
    skip would hide a missing database there (TESTS_FORBID_SKIPS)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    chosen = [item for item in items if item.get_closest_marker("postgresql") is None]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in chosen])
        items[:] = chosen


@pytest.fixture(scope="session", autouse=True)
def no_stray_connections_at_the_end(django_db_setup, django_db_blocker):
    """Let the test database be dropped at the end of the run on PostgreSQL.

    ORM calls that browser tests make while Playwright's event loop runs are
    given connections of their own, which outlive the test; end them before
    the database is dropped.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters and cached values never leak from one test to the next."""
    from django.core.cache import cache

    from api.credential_cache import verified
    from api.ratelimit import breaker

    breaker.reset()
    verified.clear()
    cache.clear()
    yield
    cache.clear()
    verified.clear()


@pytest.fixture
def real_redis(settings):
    """The real Redis of REDIS_URL (or database 2 of the local one), never a stand-in."""
    url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    from django.core.cache import cache

    cache.clear()
    yield url
    cache.clear()


@pytest.fixture
def local_memory(settings):
    settings.REDIS_URL = ""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def round_trips(monkeypatch):
    """How many times any redis-py connection sent something (one per round trip)."""
    sent = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    return sent


@pytest.fixture
def alice(db):
    """The owner of her own workspace."""
    return user_signup(email="alice@example.com", password=PASSWORD, name="Alice Owner")


@pytest.fixture
def bob(alice):
    """Alice's teammate: a plain member of her workspace."""
    from accounts.models import Membership

    user = user_signup(email="bob@example.com", password=PASSWORD, name="Bob Member")
    Membership.objects.create(
        user=user, workspace=alice.workspaces.get(), role=Membership.Role.MEMBER
    )
    return user


@pytest.fixture
def workspace(alice):
    """Alice's workspace, where the cast works together."""
    return alice.workspaces.get()


@pytest.fixture
def erin(workspace):
    """An admin of Alice's workspace (who also owns a workspace of her own)."""
    from accounts.models import Membership

    user = user_signup(email="erin@example.com", password=PASSWORD, name="Erin Admin")
    Membership.objects.create(user=user, workspace=workspace, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def charlie(db):
    """An outsider with a workspace of his own."""
    return user_signup(email="charlie@example.com", password=PASSWORD, name="Charlie Outsider")


@pytest.fixture
def alice_client(client, alice):
    """The test's client, signed in as Alice (in her one workspace)."""
    client.force_login(alice)
    return client


@pytest.fixture
def staff(db):
    """A client signed in to the admin as a superuser, who is `staff.user`."""
    from accounts.models import User

    user = User.objects.create_superuser("staff@example.com", password="x" * 20, name="Staff")
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def frozen(request):
    """The clock stopped at the test module's `NOW`; `frozen.shift(...)` moves it."""
    with time_machine.travel(request.module.NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def make_key():
    """make_key(user, permissions=..., livemode=..., ...) -> (ApiKey, raw key)."""
    from apikeys.services import key_create

    def make(
        user, *, permissions=("read",), livemode=True, workspace=None, name="Test key", **extra
    ):
        return key_create(
            workspace=workspace or user.workspaces.order_by("id").first(),
            actor=user,
            name=name,
            livemode=livemode,
            permissions=permissions,
            **extra,
        )

    return make


@pytest.fixture
def key_client(make_key):
    """key_client(user, permissions=..., livemode=...) -> an APIClient sending a fresh key."""

    def make(user, **options):
        key, raw = make_key(user, **options)
        client = APIClient(HTTP_AUTHORIZATION=f"Bearer {raw}")
        client.key, client.raw_key = key, raw
        return client

    return make
