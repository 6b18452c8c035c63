"""Synthetic request logs for load-test databases (`manage.py generate_request_logs`).

The spread looks like real traffic (`traffic`): a few of the workspace's keys,
mostly reads, mostly 2xx with some 4xx, 429s and 5xx, timestamps evenly spread
over the span in id order (as the API writes them). PostgreSQL builds the rows
itself (`postgres`); elsewhere (SQLite) they are made here and bulk-created.

The hourly rollups the Usage page reads are filled by the log's own insert
trigger, whichever writer ran; the monthly partitions the rows need are made
first, so none piles up in the DEFAULT partition. Everything is one
transaction: a failure or Ctrl-C leaves the table as it was.

The table's indexes are left alone. Dropping them and building them again
afterwards saves nothing worth the risk: 300,000 rows into an empty table took
9-14 s either way, the rollup trigger's work outweighing the indexes'.
"""

import random
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Workspace
from audit.models import RequestLog, RequestRollup
from audit.partitions import partitions_ensure

from . import traffic
from .postgres import insert_in_database
from .traffic import Sender

PYTHON_BATCH = 5000

__all__ = ["Sender", "request_logs_generate"]


def request_logs_generate(
    *,
    workspace: Workspace,
    senders: Sequence[Sender],
    rows: int,
    span: timedelta,
    chunk_size: int,
    progress: Callable[[int], None],
) -> None:
    """Add `rows` request logs to `workspace`, sent by `senders` over the last `span`,
    then analyze the tables so the planner knows. `progress(done)` after each chunk."""
    now = timezone.now()
    start = now - span
    partitions_ensure(now, since=start)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            insert_in_database(
                workspace_id=workspace.pk,
                senders=senders,
                rows=rows,
                start=start,
                spacing_seconds=span.total_seconds() / rows,
                chunk_size=chunk_size,
                salt=str(time.time_ns()),
                progress=progress,
            )
        else:
            insert_from_python(workspace, senders, rows, start, span / rows, progress)
    tables_analyze()


def insert_from_python(
    workspace: Workspace,
    senders: Sequence[Sender],
    rows: int,
    start: datetime,
    spacing: timedelta,
    progress: Callable[[int], None],
) -> None:
    for first in range(0, rows, PYTHON_BATCH):
        batch = [
            synthetic_row(workspace, senders, index, start, spacing)
            for index in range(first, min(first + PYTHON_BATCH, rows))
        ]
        RequestLog.objects.bulk_create(batch)
        progress(first + len(batch))


def synthetic_row(
    workspace: Workspace,
    senders: Sequence[Sender],
    index: int,
    start: datetime,
    spacing: timedelta,
) -> RequestLog:
    sender = senders[traffic.key_index(index, len(senders))]
    # Synthetic traffic, not secrets: the standard generator is the right tool.
    endpoint_draw, outcome_draw, draw = (random.random() for _ in range(3))  # noqa: S311
    endpoint = traffic.pick_endpoint(endpoint_draw)
    outcome = traffic.pick_outcome(outcome_draw)
    return RequestLog(
        request_id=f"req_{random.getrandbits(96):024x}",
        workspace=workspace,
        api_key_id=sender.key_id,
        user_id=sender.user_id,
        livemode=sender.livemode,
        method=endpoint.method,
        path=endpoint.path.format(record=traffic.record_id(index)),
        status=outcome.status or endpoint.success,
        error_code=outcome.error_code,
        ip=traffic.address(index),
        user_agent=traffic.user_agent(index),
        latency_ms=traffic.latency_ms(draw),
        created_at=start + spacing * (index + draw),
    )


def tables_analyze() -> None:
    """ANALYZE the log, and reclaim the rollups' dead row versions (every inserted
    row's trigger rewrote its hour's rollup). VACUUM needs autocommit: inside a
    caller's transaction, the rollups are only analyzed."""
    qn = connection.ops.quote_name
    vacuum = (
        "VACUUM ANALYZE"
        if connection.vendor == "postgresql" and not connection.in_atomic_block
        else "ANALYZE"
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {qn(RequestLog._meta.db_table)}")
        cursor.execute(f"{vacuum} {qn(RequestRollup._meta.db_table)}")
