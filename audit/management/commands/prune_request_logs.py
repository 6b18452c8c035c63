"""Delete request logs (and their hourly rollups) past their retention.

On PostgreSQL the log is partitioned by month (audit.partitions): every
partition whose whole month is older than the cutoff is dropped at once,
the partitions of the months ahead are created, and only the rows of the
boundary month (and any in the DEFAULT partition) are deleted row by row.
Elsewhere (SQLite) every old row is deleted that way. Each batch is one
`DELETE ... WHERE id IN (SELECT id ... LIMIT n)` in its own short
transaction: the rows it locks are released at once, so the API keeps
writing logs while a backlog is pruned. Security events (AuditEvent) live in
another table and are never touched. Meant to run daily.
"""

import re
from argparse import ArgumentParser
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import RequestLog, RequestRollup
from audit.partitions import partitions_drop_before, partitions_ensure

AGE = re.compile(r"^(\d+)([dh])$")


def parse_age(text: str) -> timedelta:
    """`90d` or `12h` as a timedelta."""
    match = AGE.match(text.strip().lower())
    if not match or int(match[1]) == 0:
        raise CommandError(f"--older-than takes days or hours, e.g. 90d or 12h (not “{text}”).")
    amount = int(match[1])
    return timedelta(days=amount) if match[2] == "d" else timedelta(hours=amount)


def request_logs_prune(*, cutoff: datetime, batch_size: int) -> int:
    """Delete RequestLog rows created before `cutoff` in batches; returns how many went."""
    table = connection.ops.quote_name(RequestLog._meta.db_table)
    # The outer `created_at < %s` lets PostgreSQL skip the partitions it cannot touch.
    sql = (
        f"DELETE FROM {table} WHERE created_at < %s AND id IN "  # noqa: S608 (the model's table)
        f"(SELECT id FROM {table} WHERE created_at < %s LIMIT %s)"
    )
    moment = connection.ops.adapt_datetimefield_value(cutoff)
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [moment, moment, batch_size])
            batch: int = cursor.rowcount
        deleted += batch
        if batch < batch_size:
            return deleted


def rollups_prune(*, cutoff: datetime) -> int:
    """Rollups of hours wholly before `cutoff` (a few rows per key and hour: one DELETE)."""
    hour = cutoff.replace(minute=0, second=0, microsecond=0)
    return RequestRollup.objects.filter(hour__lt=hour).delete()[0]


class Command(BaseCommand):
    help = "Delete request logs older than the retention period (whole partitions if any)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--older-than",
            help="Age such as 90d or 12h (default: AUDIT_RETENTION_DAYS days).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per DELETE (default 5000)."
        )

    def handle(
        self, *args: Any, older_than: str | None = None, batch_size: int = 5000, **options: Any
    ) -> None:
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        age = parse_age(older_than) if older_than else timedelta(days=settings.AUDIT_RETENTION_DAYS)
        now = timezone.now()
        cutoff = now - age
        created = partitions_ensure(now)
        dropped = partitions_drop_before(cutoff)
        deleted = request_logs_prune(cutoff=cutoff, batch_size=batch_size)
        rollups_prune(cutoff=cutoff)
        if created or dropped:
            self.stdout.write(
                f"Partitions created: {', '.join(created) or 'none'};"
                f" dropped: {', '.join(dropped) or 'none'}."
            )
        self.stdout.write(
            f"Deleted {deleted:,} request log rows created before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
