"""`manage.py prune_request_logs`: request logs past retention go, in batches; events stay."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent, RequestLog

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


pytestmark = pytest.mark.usefixtures("frozen")


def logs(n: int, *, age: timedelta, path="/v1/users/me"):
    RequestLog.objects.bulk_create(
        RequestLog(request_id="req_test", method="GET", path=path, status=200, created_at=NOW - age)
        for _ in range(n)
    )


def prune(*args) -> str:
    out = StringIO()
    call_command("prune_request_logs", *args, stdout=out)
    return out.getvalue()


def remaining_paths() -> set[str]:
    return set(RequestLog.objects.values_list("path", flat=True))


def test_it_deletes_only_rows_older_than_asked(db):
    logs(3, age=timedelta(days=91), path="/old")
    logs(2, age=timedelta(days=89), path="/recent")

    output = prune("--older-than", "90d")

    assert remaining_paths() == {"/recent"}
    assert RequestLog.objects.count() == 2
    assert "Deleted 3 request log rows" in output


def test_it_accepts_hours(db):
    logs(1, age=timedelta(hours=13), path="/old")
    logs(1, age=timedelta(hours=11), path="/recent")

    prune("--older-than", "12h")

    assert remaining_paths() == {"/recent"}


def test_the_default_age_is_the_retention_setting(db, settings):
    settings.AUDIT_RETENTION_DAYS = 10
    logs(1, age=timedelta(days=11), path="/old")
    logs(1, age=timedelta(days=9), path="/recent")

    prune()

    assert remaining_paths() == {"/recent"}


def test_it_deletes_in_batches_of_the_given_size(db):
    logs(7, age=timedelta(days=100))
    logs(2, age=timedelta(days=1), path="/recent")

    with CaptureQueriesContext(connection) as captured:
        output = prune("--older-than", "90d", "--batch-size", "3")

    deletes = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].startswith('DELETE FROM "audit_requestlog"')
    ]
    assert len(deletes) == 3  # 3 + 3 + 1
    assert all("LIMIT 3" in sql for sql in deletes)
    assert "Deleted 7 request log rows" in output
    assert remaining_paths() == {"/recent"}


def test_it_keeps_security_events(alice, make_key):
    with time_machine.travel(NOW - timedelta(days=400), tick=False):
        make_key(alice)
    events = AuditEvent.objects.count()
    logs(1, age=timedelta(days=400))

    prune("--older-than", "1d")

    assert events > 0
    assert AuditEvent.objects.count() == events
    assert RequestLog.objects.count() == 0


@pytest.mark.parametrize("age", ["90", "ninety", "90m", "0d", "-5d"])
def test_it_refuses_an_age_it_cannot_read(db, age):
    with pytest.raises(CommandError, match=r"e\.g\. 90d or 12h"):
        prune(f"--older-than={age}")


def test_it_refuses_an_empty_batch(db):
    with pytest.raises(CommandError, match="--batch-size"):
        prune("--batch-size", "0")
