"""Monthly partitions of the request log on PostgreSQL: made ahead, DEFAULT catches
the rest, retention drops whole months; rollups are never counted twice."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from audit.models import RequestLog, RequestRollup
from audit.partitions import DEFAULT_PARTITION, monthly_partitions, partitions_ensure

pytestmark = pytest.mark.postgresql  # SQLite keeps one plain table
NOW = datetime(2031, 5, 20, 12, 0, tzinfo=UTC)


def partition_of(row) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_requestlog WHERE id = %s", [row.pk]
        )
        return cursor.fetchone()[0]


def test_the_current_and_next_two_months_are_made_ahead(db):
    created = partitions_ensure(NOW)

    assert created == [
        "audit_requestlog_p203105",
        "audit_requestlog_p203106",
        "audit_requestlog_p203107",
    ]
    assert partitions_ensure(NOW) == []  # idempotent
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'audit_requestlog_p203106'"
        )
        assert cursor.fetchone()[0] == 5  # the parent's indexes, made on attach


def test_a_month_without_partition_lands_in_default_and_moves_when_made(make_log):
    row = make_log(created_at=NOW + timedelta(days=200))
    assert partition_of(row) == DEFAULT_PARTITION

    partitions_ensure(NOW + timedelta(days=200))

    assert partition_of(row) == "audit_requestlog_p203112"
    assert RequestRollup.objects.get().requests == 1  # moved, not counted again


def test_prune_drops_whole_old_months_and_deletes_the_boundary_rows(make_log):
    with time_machine.travel(NOW - timedelta(days=120), tick=False):
        partitions_ensure(NOW - timedelta(days=120))  # January to April
    old = make_log(created_at=datetime(2031, 1, 15, tzinfo=UTC), path="/old")
    boundary = make_log(created_at=NOW - timedelta(days=95), path="/boundary-old")
    kept = make_log(created_at=NOW - timedelta(days=80), path="/kept")

    with time_machine.travel(NOW, tick=False):
        output = StringIO()
        call_command("prune_request_logs", stdout=output)

    assert "audit_requestlog_p203101" in output.getvalue()  # dropped, not deleted
    assert datetime(2031, 1, 1, tzinfo=UTC) not in monthly_partitions()
    assert list(RequestLog.objects.values_list("path", flat=True)) == ["/kept"]
    assert "Deleted 1 request log rows" in output.getvalue()
    assert {old.pk, boundary.pk, kept.pk} & set(RequestLog.objects.values_list("pk", flat=True))
