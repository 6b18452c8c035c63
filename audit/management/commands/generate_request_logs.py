"""Fill a workspace with synthetic request logs, to check query plans at scale.

On PostgreSQL each chunk (a million rows by default) is one
`INSERT ... SELECT ... FROM generate_series(...)`: the rows never leave the
server, so ten million take minutes, not hours. Elsewhere (SQLite) rows are
made in Python and written with bulk_create. Either way the spread looks like
real traffic: a few of the workspace's keys, mostly reads, mostly 2xx with
some 4xx, 429s and 5xx, timestamps evenly spread over --days in id order (as
the API writes them), then ANALYZE so the planner knows.

The hourly rollups the Usage page reads (RequestRollup) are filled by the
log's own insert trigger, row by row, whichever path wrote the rows. The
monthly partitions the rows need are created first, so none piles up in the
DEFAULT partition.

Keeping the secondary indexes up to date row by row costs more than the
insert itself, so when the load at least doubles the table, PostgreSQL drops
them first and rebuilds them afterwards (a sort per index), all in one
transaction: a failure or Ctrl-C leaves the table as it was. The table is
locked meanwhile: run this against a load-test database, not production.
"""

import random
import time
from contextlib import contextmanager
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Membership, Workspace
from audit.models import RequestLog, RequestRollup
from audit.partitions import partitions_ensure

ApiKey = RequestLog._meta.get_field("api_key").related_model
MAX_KEYS = 5
PYTHON_BATCH = 5000

METHODS = (("GET", 0.70), ("POST", 0.88), ("PATCH", 0.95), ("DELETE", 1.0))
# (cumulative share, status, error code); 2xx depends on the method.
ERRORS = (
    (0.88, None, ""),
    (0.91, 400, "validation_error"),
    (0.92, 403, "insufficient_permissions"),
    (0.95, 404, "not_found"),
    (0.98, 429, "rate_limited"),
    (0.995, 500, "server_error"),
    (1.0, 503, "service_unavailable"),
)
SUCCESS = {"POST": 201, "DELETE": 204}
USER_AGENTS = ("python-requests/2.32.3", "Zapier", "node-fetch/3.3.2", "curl/8.5.0")

INSERT_SQL = """
INSERT INTO {table} (request_id, workspace_id, api_key_id, oauth_application_id, user_id,
    livemode, method, path, status, error_code, ip, user_agent, latency_ms, count, created_at)
SELECT
    'req_' || substr(md5(s.g::text || %(salt)s), 1, 24),
    %(workspace)s,
    (%(key_ids)s::bigint[])[s.k],
    NULL,
    (%(user_ids)s::bigint[])[s.k],
    (%(livemodes)s::boolean[])[s.k],
    m.method,
    CASE
        WHEN m.method = 'GET' AND s.g %% 10 = 0 THEN '/v1/users/me'
        WHEN m.method = 'POST' THEN '/v1/modules/contacts/records'
        ELSE '/v1/modules/contacts/records/rec_' || lpad(to_hex(s.g %% 50000), 8, '0')
    END,
    st.status,
    CASE st.status
        WHEN 400 THEN 'validation_error' WHEN 403 THEN 'insufficient_permissions'
        WHEN 404 THEN 'not_found' WHEN 429 THEN 'rate_limited'
        WHEN 500 THEN 'server_error' WHEN 503 THEN 'service_unavailable' ELSE ''
    END,
    ('203.0.113.' || (1 + s.g %% 40))::inet,
    (%(agents)s::text[])[1 + s.g %% 4],
    (5 + s.r3 * s.r3 * 400)::int,
    1,
    %(start)s::timestamptz + make_interval(secs => (s.g - 1 + s.r3) * %(spacing)s)
FROM (
    SELECT g, 1 + (g * 7919) %% %(key_count)s AS k,
           random() AS r1, random() AS r2, random() AS r3
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
) AS s
CROSS JOIN LATERAL (SELECT CASE
    WHEN s.r2 < 0.70 THEN 'GET' WHEN s.r2 < 0.88 THEN 'POST'
    WHEN s.r2 < 0.95 THEN 'PATCH' ELSE 'DELETE' END AS method) AS m
CROSS JOIN LATERAL (SELECT CASE
    WHEN s.r1 < 0.88 THEN CASE m.method WHEN 'POST' THEN 201 WHEN 'DELETE' THEN 204 ELSE 200 END
    WHEN s.r1 < 0.91 THEN 400 WHEN s.r1 < 0.92 THEN 403 WHEN s.r1 < 0.95 THEN 404
    WHEN s.r1 < 0.98 THEN 429 WHEN s.r1 < 0.995 THEN 500 ELSE 503 END AS status) AS st
"""


def workspace_find(identifier: str) -> Workspace:
    """A workspace by public id (ws_...), or the first one an email address owns."""
    if "@" in identifier:
        membership = (
            Membership.objects.filter(
                user__email__iexact=identifier.strip(), role=Membership.Role.OWNER
            )
            .select_related("workspace")
            .order_by("id")
            .first()
        )
        workspace = membership.workspace if membership else None
    else:
        workspace = Workspace.objects.filter(public_id=identifier.strip()).first()
    if workspace is None:
        raise CommandError(
            f"No workspace is “{identifier}” (give a ws_... id or an owner's email)."
        )
    return workspace


class Command(BaseCommand):
    help = "Insert synthetic request logs for a workspace (load and EXPLAIN checks)."

    def add_arguments(self, parser):
        parser.add_argument("--workspace", required=True, help="ws_... id or the owner's email")
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--days", type=int, default=30, help="spread over the last N days")
        parser.add_argument(
            "--chunk-size", type=int, default=1_000_000, help="rows per INSERT on PostgreSQL"
        )

    def handle(self, *args, workspace, rows, days, chunk_size, **options):
        if rows < 1 or days < 1 or chunk_size < 1:
            raise CommandError("--rows, --days and --chunk-size must be positive.")
        target = workspace_find(workspace)
        keys = list(
            ApiKey.objects.active()
            .filter(workspace=target)
            .order_by("-created_at")
            .values_list("pk", "created_by_id", "livemode")[:MAX_KEYS]
        )
        if not keys:
            raise CommandError(
                f"{target.public_id} has no active API key: create one first (create_api_key)."
            )
        started = time.monotonic()
        span = timedelta(days=days)
        partitions_ensure(timezone.now(), since=timezone.now() - span)
        if connection.vendor == "postgresql":
            self.insert_in_database(target, keys, rows, span, chunk_size, started)
        else:
            self.insert_from_python(target, keys, rows, span, started)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(RequestLog._meta.db_table)}")
            # Every row's trigger rewrote its hour's rollup: reclaim the dead versions.
            # (VACUUM needs autocommit: inside a caller's transaction, ANALYZE only.)
            vacuum = (
                "VACUUM ANALYZE"
                if connection.vendor == "postgresql" and not connection.in_atomic_block
                else "ANALYZE"
            )
            cursor.execute(f"{vacuum} {connection.ops.quote_name(RequestRollup._meta.db_table)}")
        self.stdout.write(
            f"Generated {rows:,} request logs for {target.public_id} over {days} days "
            f"in {time.monotonic() - started:.1f} s (tables analyzed)."
        )

    def insert_in_database(self, workspace, keys, rows, span, chunk_size, started):
        table = RequestLog._meta.db_table
        with transaction.atomic():
            if rows >= estimated_rows(table):
                with indexes_rebuilt_afterwards(table, self.stderr):
                    self.insert_chunks(workspace, keys, rows, span, chunk_size, started)
            else:
                self.insert_chunks(workspace, keys, rows, span, chunk_size, started)

    def insert_chunks(self, workspace, keys, rows, span, chunk_size, started):
        sql = INSERT_SQL.format(table=connection.ops.quote_name(RequestLog._meta.db_table))
        params = {
            "salt": str(time.time_ns()),
            "workspace": workspace.pk,
            "key_ids": [k[0] for k in keys],
            "user_ids": [k[1] for k in keys],
            "livemodes": [k[2] for k in keys],
            "key_count": len(keys),
            "agents": list(USER_AGENTS),
            "start": timezone.now() - span,
            "spacing": span.total_seconds() / rows,
        }
        for first in range(1, rows + 1, chunk_size):
            last = min(first + chunk_size - 1, rows)
            with connection.cursor() as cursor:
                cursor.execute(sql, {**params, "first": first, "last": last})
            self.progress(last, rows, started)

    def insert_from_python(self, workspace, keys, rows, span, started):
        start, spacing = timezone.now() - span, span / rows
        for first in range(0, rows, PYTHON_BATCH):
            batch = [
                synthetic_row(workspace, keys[i % len(keys)], i, start + spacing * i)
                for i in range(first, min(first + PYTHON_BATCH, rows))
            ]
            RequestLog.objects.bulk_create(batch)
            self.progress(first + len(batch), rows, started)

    def progress(self, done, rows, started):
        elapsed = time.monotonic() - started
        self.stderr.write(f"  {done:,} / {rows:,} rows ({elapsed:.1f} s)")


def estimated_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
        return max(int(cursor.fetchone()[0]), 0)  # -1: never analyzed


@contextmanager
def indexes_rebuilt_afterwards(table: str, out):
    """PostgreSQL, inside a transaction: drop `table`'s secondary indexes and create
    them again, exactly as they were, when the block ends (the log has no foreign
    keys, and the rollup trigger is left alone)."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE schemaname = current_schema() AND tablename = %s AND indexname NOT IN"
            " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'p')",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    out.write(f"  rebuilding {len(indexes)} indexes")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            # A partitioned index reads back as `ON ONLY`, which would index no partition.
            cursor.execute(definition.replace(" ON ONLY ", " ON ", 1))


def synthetic_row(workspace, key, index: int, created_at) -> RequestLog:
    key_id, user_id, livemode = key
    # Synthetic traffic, not secrets: the standard generator is the right tool.
    method_draw, status_draw, latency_draw = (random.random() for _ in range(3))  # noqa: S311
    method = next(name for name, share in METHODS if method_draw < share)
    status, error_code = next((s, c) for share, s, c in ERRORS if status_draw < share)
    return RequestLog(
        request_id=f"req_{random.getrandbits(96):024x}",
        workspace=workspace,
        api_key_id=key_id,
        user_id=user_id,
        livemode=livemode,
        method=method,
        path="/v1/users/me" if index % 10 == 0 else "/v1/modules/contacts/records",
        status=status or SUCCESS.get(method, 200),
        error_code=error_code,
        ip=f"203.0.113.{1 + index % 40}",
        user_agent=USER_AGENTS[index % len(USER_AGENTS)],
        latency_ms=int(5 + latency_draw**2 * 400),
        created_at=created_at,
    )
