"""Request log rows: handed over once the response is sent, written in batches.

Why batches: a row per request, each its own INSERT in autocommit, costs a
commit (a WAL flush on PostgreSQL, a file sync on SQLite) on every API call;
it was the largest share of a keyed request after authentication
(`python -m bench.per_request`). So each process keeps the rows of requests
it has answered in one buffer, and one thread writes them every
REQUEST_LOG_FLUSH_SECONDS, or as soon as REQUEST_LOG_BATCH_SIZE rows wait, as
one multi-row INSERT per batch. A request never waits for it.

What can be lost, and when:
- A normal stop (SIGTERM, SIGINT, gunicorn's graceful restart, max-requests)
  loses nothing: the process finishes its request, then `atexit` writes every
  waiting row before the process ends.
- Under load nothing is dropped: past REQUEST_LOG_MAX_PENDING waiting rows the
  request that adds one writes the batch itself (the buffer never grows
  without bound and no row is discarded to make room). Unless a write is
  under way already, which took the rows before these: the database is then
  slow or unreachable, and rather than hold the request's worker behind it,
  the oldest rows past the bound are dropped, as below.
- A database that refuses a batch keeps its rows waiting for the next attempt,
  up to REQUEST_LOG_MAX_PENDING; past that the oldest are dropped and each
  drop is logged as an error.
- A hard kill (SIGKILL, the OOM killer, a power cut) loses the rows still in
  that process's buffer: at most REQUEST_LOG_FLUSH_SECONDS of its requests
  (and never more than REQUEST_LOG_MAX_PENDING rows). Those requests were
  answered and charged; only their log rows and rollup counts are missing.

With REQUEST_LOG_BATCH_SIZE = 1 every row is written at once by the thread
that answered the request, and no thread is started.

The INSERT itself is one statement built from the model's metadata, cached
per database connection's alias and vendor: the ORM would compile the same
statement anew for every row. Values go through each field's `pre_save` and
`get_db_prep_save`, as `Model.save()` does, and the database is the router's.
"""

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import DatabaseError, connections, router
from django.db.backends.base.base import BaseDatabaseWrapper

from audit.models import RequestLog

logger = logging.getLogger(__name__)

# Rows per INSERT: under SQLite's 32,766 bound parameters whatever the columns.
ROWS_PER_STATEMENT = 500

_FIELDS = [field for field in RequestLog._meta.concrete_fields if not field.primary_key]


def _insert_prefix(connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in _FIELDS)
    # Identifiers only, from the model's metadata and quoted; values are parameters.
    return f"INSERT INTO {quote(RequestLog._meta.db_table)} ({columns}) VALUES "  # noqa: S608


_prefixes: dict[tuple[str, str], str] = {}


def request_logs_insert(rows: list[RequestLog]) -> None:
    """Write `rows` in as few statements as the database allows, in autocommit."""
    if not rows:
        return
    using = router.db_for_write(RequestLog)
    connection = connections[using]
    cache_key = (connection.alias, connection.vendor)
    prefix = _prefixes.get(cache_key)
    if prefix is None:
        prefix = _prefixes[cache_key] = _insert_prefix(connection)
    placeholders = "(" + ", ".join(["%s"] * len(_FIELDS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            params = [
                field.get_db_prep_save(field.pre_save(row, True), connection)
                for row in chunk
                for field in _FIELDS
            ]
            cursor.execute(prefix + ", ".join([placeholders] * len(chunk)), params)


class RequestLogBuffer:
    """The rows of one process waiting to be written; see the module docstring."""

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._pending: list[RequestLog] = []
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, row: RequestLog) -> None:
        batch_size = settings.REQUEST_LOG_BATCH_SIZE
        if batch_size <= 1:
            try:
                request_logs_insert([row])
            except Exception:
                logger.exception("Could not write the request log row of %s", row.request_id)
            return
        with self._lock:
            self._pending.append(row)
            waiting = len(self._pending)
            self._start_thread()
        if waiting >= settings.REQUEST_LOG_MAX_PENDING:
            self._catch_up()
        elif waiting >= batch_size:
            self._wake.set()

    def flush(self) -> None:
        """Write every waiting row now (the thread, `atexit`, or a test calls this)."""
        with self._writing:
            self._write_pending()

    def _catch_up(self) -> None:
        """The writer has fallen behind: this request writes the batch, unless a write
        is under way. Then the database is slow or away, and waiting for it would hold
        this request's worker as long; the oldest rows past the bound go instead."""
        if not self._writing.acquire(blocking=False):
            self._trim()
            return
        try:
            self._write_pending()
        finally:
            self._writing.release()

    def _write_pending(self) -> None:
        # Called with the writing lock held.
        with self._lock:
            rows, self._pending = self._pending, []
        if rows:
            self._write(rows)

    def pending(self) -> int:
        return len(self._pending)

    def _write(self, rows: list[RequestLog]) -> None:
        try:
            request_logs_insert(rows)
        except DatabaseError:
            logger.exception("Could not write %d request log rows; keeping them", len(rows))
            self._keep(rows)
            self._reconnect_next_time()
        except Exception:
            logger.exception("Could not write %d request log rows", len(rows))

    @staticmethod
    def _reconnect_next_time() -> None:
        connection = connections[router.db_for_write(RequestLog)]
        if connection.in_atomic_block:
            return  # not ours to close (a test's transaction, a caller's atomic block)
        try:
            connection.close()
        except Exception:
            logger.debug("Closing a broken connection failed", exc_info=True)

    def _keep(self, rows: list[RequestLog]) -> None:
        with self._lock:
            self._pending[:0] = rows
        self._trim()

    def _trim(self) -> None:
        """Drop the oldest rows past REQUEST_LOG_MAX_PENDING, each said."""
        with self._lock:
            excess = len(self._pending) - settings.REQUEST_LOG_MAX_PENDING
            if excess > 0:
                dropped = self._pending[:excess]
                del self._pending[:excess]
        if excess > 0:
            for row in dropped:
                logger.error("Dropped the request log row of %s", row.request_id)

    def _start_thread(self) -> None:
        # Called with the lock held. No thread where flushing on a timer is off.
        interval = settings.REQUEST_LOG_FLUSH_SECONDS
        if self._thread is None and interval > 0:
            self._thread = threading.Thread(
                target=self._run, args=(interval,), name="request-log-writer", daemon=True
            )
            self._thread.start()

    def _run(self, interval: float) -> None:
        while True:
            self._wake.wait(interval)
            self._wake.clear()
            try:
                self.flush()
            except Exception:  # the thread must outlive any one failure
                logger.exception("The request log writer failed; it goes on")


buffer = RequestLogBuffer()
atexit.register(buffer.flush)
# After a fork the child owns none of its parent's rows, locks or thread.
os.register_at_fork(after_in_child=buffer._reset)
