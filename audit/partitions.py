"""Monthly partitions of the request log on PostgreSQL (SQLite keeps one table).

`audit_requestlog` is partitioned by RANGE on `created_at`, one partition per
calendar month in UTC (`audit_requestlog_p202612` holds December 2026), plus
a DEFAULT partition that catches any row whose month has none yet, so no
insert ever fails or is lost. `partitions_ensure` creates the current month's
and the next ones ahead of time (at migrate time, and from
`prune_request_logs`, which is meant to run daily); if the DEFAULT partition
already holds rows of a month being created, they are moved into it first.
Retention drops whole partitions: no row-by-row delete, no table bloat.
"""

import re
from datetime import UTC, datetime

from django.db import connection as default_connection
from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "audit_requestlog"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 2
NAME = re.compile(rf"^{TABLE}_p(\d{{4}})(\d{{2}})$")


def month_start(moment: datetime) -> datetime:
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def next_month(month: datetime) -> datetime:
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


def partition_name(month: datetime) -> str:
    return f"{TABLE}_p{month:%Y%m}"


def is_partitioned(connection: BaseDatabaseWrapper = default_connection) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return bool(row) and row[0] == "p"


def monthly_partitions(
    connection: BaseDatabaseWrapper = default_connection,
) -> dict[datetime, str]:
    """{first day of the month: partition name}, oldest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months: dict[datetime, str] = {}
    for name in names:
        if match := NAME.match(name):
            months[datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC)] = name
    return dict(sorted(months.items()))


def partitions_ensure(
    now: datetime,
    *,
    since: datetime | None = None,
    connection: BaseDatabaseWrapper = default_connection,
) -> list[str]:
    """Create the partitions of the months from `since` (default: this one) to
    MONTHS_AHEAD after `now`; returns the names created."""
    if not is_partitioned(connection):
        return []
    existing = monthly_partitions(connection)
    month, last = month_start(since or now), month_start(now)
    for _ in range(MONTHS_AHEAD):
        last = next_month(last)
    created: list[str] = []
    while month <= last:
        if month not in existing:
            _partition_create(connection, month)
            created.append(partition_name(month))
        month = next_month(month)
    return created


def _partition_create(connection: BaseDatabaseWrapper, month: datetime) -> None:
    """One month's partition, with any rows of that month moved out of DEFAULT.

    The rows are copied into the new table before it is attached, so the
    rollup trigger (which partitions inherit) does not count them twice.
    """
    name, upper = partition_name(month), next_month(month)
    quote = connection.ops.quote_name
    bounds = [month, upper]
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE {quote(name)} (LIKE {quote(TABLE)} INCLUDING DEFAULTS)")
        moved = "created_at >= %s AND created_at < %s"
        cursor.execute(
            # Identifiers are this module's constants, quoted; the bounds are parameters.
            f"INSERT INTO {quote(name)} SELECT * FROM {quote(DEFAULT_PARTITION)} WHERE {moved}",  # noqa: S608
            bounds,
        )
        cursor.execute(f"DELETE FROM {quote(DEFAULT_PARTITION)} WHERE {moved}", bounds)  # noqa: S608
        cursor.execute(
            f"ALTER TABLE {quote(TABLE)} ATTACH PARTITION {quote(name)}"
            f" FOR VALUES FROM ('{month.isoformat()}') TO ('{upper.isoformat()}')"
        )


def partitions_drop_before(
    cutoff: datetime, connection: BaseDatabaseWrapper = default_connection
) -> list[str]:
    """Drop every monthly partition whose whole month is older than `cutoff`."""
    if not is_partitioned(connection):
        return []
    dropped: list[str] = []
    for month, name in monthly_partitions(connection).items():
        if next_month(month) <= cutoff:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(name)}")
            dropped.append(name)
    return dropped
