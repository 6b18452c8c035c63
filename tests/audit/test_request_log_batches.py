"""Production writes request log rows in batches (audit.writer); nothing is lost on the way."""

import logging
import os
import threading
import time

import pytest
from django.db import DatabaseError

from audit import writer
from audit.models import RequestLog
from tests.support import run_python


def refuse(rows):
    raise DatabaseError("the database is away")


@pytest.fixture
def batches(settings, monkeypatch):
    """The process's buffer, fresh for the test; no thread: the test decides when to flush."""
    settings.REQUEST_LOG_BATCH_SIZE = 50
    settings.REQUEST_LOG_FLUSH_SECONDS = 0
    settings.REQUEST_LOG_MAX_PENDING = 30
    monkeypatch.setattr(writer, "buffer", writer.RequestLogBuffer())
    return writer.buffer


def test_rows_wait_in_the_buffer_until_it_is_flushed(alice, key_client, batches):
    client = key_client(alice)

    for _ in range(5):
        client.get("/v1/users/me")

    assert (RequestLog.objects.count(), batches.pending()) == (0, 5)
    batches.flush()
    assert (RequestLog.objects.count(), batches.pending()) == (5, 0)


def test_a_writer_that_fell_behind_makes_the_request_write_the_batch(alice, key_client, batches):
    client = key_client(alice)

    for _ in range(30):
        client.get("/v1/users/me")

    # The 30th row reached REQUEST_LOG_MAX_PENDING: that request wrote all of them.
    assert (RequestLog.objects.count(), batches.pending()) == (30, 0)


def test_rows_the_database_refused_are_kept_for_the_next_flush(
    alice, key_client, batches, monkeypatch, caplog
):
    client = key_client(alice)
    for _ in range(3):
        client.get("/v1/users/me")
    real_insert = writer.request_logs_insert
    monkeypatch.setattr(writer, "request_logs_insert", refuse)
    with caplog.at_level(logging.ERROR, logger="audit.writer"):
        batches.flush()
    assert (RequestLog.objects.count(), batches.pending()) == (0, 3)
    assert "keeping them" in caplog.text

    monkeypatch.setattr(writer, "request_logs_insert", real_insert)
    batches.flush()
    assert RequestLog.objects.count() == 3


def test_rows_beyond_the_bound_are_dropped_oldest_first_and_said(
    alice, key_client, batches, monkeypatch, caplog, settings
):
    client = key_client(alice)
    for _ in range(5):
        client.get(f"/v1/users/me?{_}")
    settings.REQUEST_LOG_MAX_PENDING = 3
    monkeypatch.setattr(writer, "request_logs_insert", refuse)

    with caplog.at_level(logging.ERROR, logger="audit.writer"):
        batches.flush()

    assert batches.pending() == 3
    assert caplog.text.count("Dropped the request log row") == 2


def test_a_request_past_the_bound_does_not_wait_behind_a_write_under_way(
    alice, key_client, batches, settings, caplog
):
    """A write that does not come back (a database that stopped answering) holds
    no request behind it: the oldest rows past the bound go instead."""
    client = key_client(alice)
    settings.REQUEST_LOG_MAX_PENDING = 3
    batches._writing.acquire()  # the writer's thread, stuck in its INSERT
    unstick = threading.Timer(5, batches._writing.release)
    unstick.start()
    started = time.monotonic()
    try:
        with caplog.at_level(logging.ERROR, logger="audit.writer"):
            for _ in range(5):
                client.get("/v1/users/me")
        waited = time.monotonic() - started
    finally:
        unstick.cancel()
        unstick.join()
        if batches._writing.locked():  # not released by the timer: the test's own hold
            batches._writing.release()

    assert waited < 4
    assert (RequestLog.objects.count(), batches.pending()) == (0, 3)
    assert caplog.text.count("Dropped the request log row") == 2


def test_a_batch_is_one_statement_with_every_column_as_the_orm_writes_it(
    alice, key_client, batches
):
    client = key_client(alice)
    client.get("/v1/users/me", HTTP_USER_AGENT="batch/1.0")
    client.get("/v1/nothing-here")

    batches.flush()

    rows = list(RequestLog.objects.order_by("id").values("path", "status", "user_agent", "api_key"))
    assert rows == [
        {
            "path": "/v1/users/me",
            "status": 200,
            "user_agent": "batch/1.0",
            "api_key": client.key.pk,
        },
        {"path": "/v1/nothing-here", "status": 404, "user_agent": "", "api_key": client.key.pk},
    ]


@pytest.mark.django_db(transaction=True)
def test_a_process_that_exits_normally_writes_what_it_buffered(tmp_path):
    """atexit writes the buffer: what a SIGTERM to a gunicorn worker ends in (and
    tests/fleet stops an instance under load to show it)."""
    database = tmp_path / "exit.sqlite3"
    script = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from accounts.models import User
from apikeys.services import key_create
user = User.objects.create_user("exit@example.com", password="x", name="Exit")
_, raw = key_create(workspace=user.workspaces.get(), actor=user, name="k", livemode=True,
                    permissions=["read"])
client = Client()
for _ in range(7):
    assert client.get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
from audit.models import RequestLog
from audit.writer import buffer
print(RequestLog.objects.count(), buffer.pending())
"""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{database}",
        "REQUEST_LOG_BATCH_SIZE": "100",
        "REQUEST_LOG_FLUSH_SECONDS": "3600",
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("REDIS_URL", None)
    ran = run_python(script, env=env, timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.split() == ["0", "7"]  # nothing written yet when the script ended

    count = run_python(
        "import django; django.setup();"
        "from audit.models import RequestLog; print(RequestLog.objects.count())",
        env=env,
        check=True,
    )
    assert count.stdout.split()[-1] == "7"
