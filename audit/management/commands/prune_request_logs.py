"""Delete request logs past their retention, a batch at a time.

Each batch is one `DELETE ... WHERE id IN (SELECT id ... LIMIT n)` in its own
short transaction: the rows it locks are released at once, so the API keeps
writing logs while a large backlog is pruned. Security events (AuditEvent)
live in another table and are never touched.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from audit.models import RequestLog

AGE = re.compile(r"^(\d+)([dh])$")


def parse_age(text: str) -> timedelta:
    """`90d` or `12h` as a timedelta."""
    match = AGE.match(text.strip().lower())
    if not match or int(match[1]) == 0:
        raise CommandError(f"--older-than takes days or hours, e.g. 90d or 12h (not “{text}”).")
    amount = int(match[1])
    return timedelta(days=amount) if match[2] == "d" else timedelta(hours=amount)


def request_logs_prune(*, cutoff, batch_size: int) -> int:
    """Delete RequestLog rows created before `cutoff`; returns how many went."""
    table = connection.ops.quote_name(RequestLog._meta.db_table)
    sql = (
        f"DELETE FROM {table} WHERE id IN "  # noqa: S608 (the table name is the model's own)
        f"(SELECT id FROM {table} WHERE created_at < %s LIMIT %s)"
    )
    params = [connection.ops.adapt_datetimefield_value(cutoff), batch_size]
    deleted = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
            batch = cursor.rowcount
        deleted += batch
        if batch < batch_size:
            return deleted


class Command(BaseCommand):
    help = "Delete request logs older than the retention period, in small batches."

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            help="Age such as 90d or 12h (default: AUDIT_RETENTION_DAYS days).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="Rows per DELETE (default 5000)."
        )

    def handle(self, *args, older_than=None, batch_size=5000, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        age = parse_age(older_than) if older_than else timedelta(days=settings.AUDIT_RETENTION_DAYS)
        cutoff = timezone.now() - age
        deleted = request_logs_prune(cutoff=cutoff, batch_size=batch_size)
        self.stdout.write(
            f"Deleted {deleted:,} request log rows created before {cutoff:%Y-%m-%d %H:%M} UTC."
        )
