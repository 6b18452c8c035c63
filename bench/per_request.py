"""SQL statements, Redis round trips and in-process time per request, on PostgreSQL + Redis.

    python -m bench.per_request [--requests 200] [--json OUT]

In one process (Django's test client, production settings, a PostgreSQL database
and a redis-server of the run's own): after a warm-up request, every request is
counted with CaptureQueriesContext (SQL statements), a counting wrapper around
redis-py's `send_packed_command` (round trips: a pipeline or a script is one)
and `INFO commandstats` deltas on the server (commands, all clients), and timed.
"""

import argparse
import contextlib
import io
import os
import statistics
import time
from unittest import mock

from bench.api_requests import SETUP
from bench.common import BENCH_ENV, postgres_database, redis_server, write_json


class RoundTrips:
    """Counts what the app's redis-py clients send; each send is one round trip."""

    def __init__(self):
        import redis.connection

        self.count = 0
        original = redis.connection.AbstractConnection.send_packed_command

        def counting(connection, command, check_health=True):
            self.count += 1
            return original(connection, command, check_health)

        self.patch = mock.patch.object(
            redis.connection.AbstractConnection, "send_packed_command", counting
        )


def server_commands(client) -> int:
    stats = client.info("commandstats")
    return sum(row["calls"] for name, row in stats.items() if name != "cmdstat_info")


def expect_ok(response) -> None:
    if response.status_code != 200:
        raise SystemExit(f"{response.status_code}: {response.content[:300]!r}")


def measure(client, path: str, headers: dict, requests: int, redis_client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from audit import writer

    expect_ok(client.get(path, **headers))  # warm-up: connections, caches
    trips = RoundTrips()
    commands_before = server_commands(redis_client)
    timings = []
    with trips.patch, CaptureQueriesContext(connection) as queries:
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(path, **headers)
            timings.append((time.perf_counter() - start) * 1000)
            expect_ok(response)
        writer.buffer.flush()  # the log rows of these requests: one batch
    return {
        "sql_per_request": len(queries) / requests,
        "redis_round_trips_per_request": trips.count / requests,
        "redis_commands_per_request": (server_commands(redis_client) - commands_before) / requests,
        "median_ms": statistics.median(timings),
    }


def run(requests: int) -> dict:
    with postgres_database("bench_counts") as database_url, redis_server() as redis_url:
        os.environ.update({**BENCH_ENV, "DATABASE_URL": database_url, "REDIS_URL": redis_url})
        # The request log's batches are written here at the end of each measurement,
        # on this thread, so that their INSERTs are counted (production's writer
        # thread issues the same statements on a connection of its own).
        os.environ["REQUEST_LOG_FLUSH_SECONDS"] = "0"
        with contextlib.redirect_stdout(io.StringIO()) as printed:
            exec(SETUP, {})  # noqa: S102 (our own setup code: migrate, a key, a token)
        key, token = printed.getvalue().split()[-2:]
        import redis
        from django.db import connections
        from django.test import Client

        redis_client = redis.Redis.from_url(redis_url)
        client = Client()
        cases = {
            "/healthz": ("/healthz", {}),
            "/v1/users/me (API key)": ("/v1/users/me", {"HTTP_AUTHORIZATION": f"Bearer {key}"}),
            "/v1/users/me (OAuth token)": (
                "/v1/users/me",
                {"HTTP_AUTHORIZATION": f"Bearer {token}"},
            ),
        }
        try:
            return {
                name: measure(client, *case, requests, redis_client) for name, case in cases.items()
            }
        finally:
            connections.close_all()
            redis_client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    results = run(args.requests)
    print(f"{'request':<28} {'SQL':>5} {'Redis trips':>12} {'commands':>9} {'ms':>7}")
    for name, row in results.items():
        trips, commands = row["redis_round_trips_per_request"], row["redis_commands_per_request"]
        print(
            f"{name:<28} {row['sql_per_request']:>5.2f} {trips:>12.2f}"
            f" {commands:>9.2f} {row['median_ms']:>7.2f}"
        )
    if args.json:
        write_json(args.json, results)


if __name__ == "__main__":
    main()
