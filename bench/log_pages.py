"""The Usage and Logs pages on a large request log, on PostgreSQL.

    python -m bench.log_pages [--rows 1000000] [--loads 3] [--json OUT]

Creates a PostgreSQL database of the run's own (dropped at the end), fills one
workspace with `generate_request_logs --rows N` (BENCH_LOG_ROWS, default
1,000,000; 10,000,000 is the issue's full size and takes several minutes more),
then loads each page as its owner through Django's test client --loads times and
reports the median wall time and the median database time (the sum of the
statements' own times) per page. Then runs bench.logs_explain on the same data.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
import warnings

from bench.common import BENCH_ENV, ROOT, postgres_database, write_json

PAGES = {
    "Usage, 24 h": "/settings/api/usage/?range=24h",
    "Usage, 7 days": "/settings/api/usage/?range=7d",
    "Logs, first page": "/settings/api/logs/",
    "Logs, status 4xx": "/settings/api/logs/?status=4xx",
    "Logs, status 5xx": "/settings/api/logs/?status=5xx",
    "Logs, status 429": "/settings/api/logs/?status=429",
    "Logs, one key": "/settings/api/logs/?source={key}",
    "Logs, method PUT (no match)": "/settings/api/logs/?method=PUT",
    "Logs, method DELETE": "/settings/api/logs/?method=DELETE",
    "Logs, path prefix (no match)": "/settings/api/logs/?path=/v1/nothing",
    "Logs, test mode": "/settings/api/logs/?environment=test",
}


def fill(rows: int):
    """(owner, seconds to generate): a workspace with three keys and `rows` log rows."""
    import django

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    # The pages' templates name static files; a benchmark has no collectstatic manifest.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": plain}

    from accounts.services import user_signup
    from apikeys.services import key_create

    call_command("migrate", verbosity=0)
    owner = user_signup(email="owner@example.com", password="bench-password-1", name="Owner")  # noqa: S106
    workspace = owner.workspaces.get()
    for name, livemode in (("live one", True), ("live two", True), ("test", False)):
        key_create(workspace=workspace, actor=owner, name=name, livemode=livemode,
                   permissions=["read", "write"])  # fmt: skip
    started = time.monotonic()
    call_command("generate_request_logs", workspace=owner.email, rows=rows, days=30, verbosity=0)
    return owner, time.monotonic() - started


class StatementClock:
    """An execute_wrapper: how many statements ran and their time (perf_counter, ms)."""

    def __init__(self):
        self.statements, self.ms = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.statements += 1
            self.ms += (time.perf_counter() - started) * 1000


def load(client, url: str, loads: int) -> dict:
    from django.db import connection

    walls, databases = [], []
    for _ in range(loads):
        clock = StatementClock()
        with connection.execute_wrapper(clock):
            started = time.perf_counter()
            response = client.get(url)
            walls.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code}")
        databases.append(clock.ms)
    return {"wall_ms": statistics.median(walls), "db_ms": statistics.median(databases),
            "statements": clock.statements}  # fmt: skip


def explain(database_url: str) -> str:
    env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url}
    command = [sys.executable, "-m", "bench.logs_explain", "--email", "owner@example.com"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return (
        done.stdout
        if done.returncode == 0
        else f"bench.logs_explain failed:\n{done.stderr[-2000:]}"
    )


def run(rows: int, loads: int) -> dict:
    with postgres_database("bench_logs") as database_url:
        os.environ.update({**BENCH_ENV, "DATABASE_URL": database_url})
        os.environ.pop("REDIS_URL", None)
        owner, generate_s = fill(rows)
        from django.db import connections
        from django.test import Client

        from apikeys.models import ApiKey

        client = Client()
        client.force_login(owner)
        key = ApiKey.objects.filter(workspace__in=owner.workspaces.all()).first().public_id
        client.get(PAGES["Logs, first page"])  # warm-up: templates, connections
        pages = {name: load(client, url.format(key=key), loads) for name, url in PAGES.items()}
        connections.close_all()
        plans = explain(database_url)
        deletes = delete_times(owner)
    return {
        "rows": rows,
        "loads": loads,
        "generate_s": generate_s,
        "pages": pages,
        "explain": plans,
        "deletes": deletes,
    }


def delete_times(owner) -> dict:
    """Seconds to delete the workspace that holds every log row (as its owner does,
    through the service), then its owner: the log is never walked (DO_NOTHING)."""
    from accounts.services.workspaces import workspace_create, workspace_delete

    workspace = owner.workspaces.get()
    workspace_create(owner=owner, name="Somewhere else")  # nobody deletes their only one
    started = time.perf_counter()
    workspace_delete(workspace=workspace, actor=owner, confirm=workspace.name)
    workspace_s = time.perf_counter() - started
    started = time.perf_counter()
    owner.delete()
    return {"workspace_s": workspace_s, "user_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_LOG_ROWS", 1_000_000))
    )
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    results = run(args.rows, args.loads)
    print(f"{results['rows']:,} rows (generated in {results['generate_s']:.0f} s)")
    print(f"{'page':<32} {'wall ms':>9} {'db ms':>9} {'statements':>11}")
    for name, row in results["pages"].items():
        print(f"{name:<32} {row['wall_ms']:>9.1f} {row['db_ms']:>9.1f} {row['statements']:>11}")
    print(results["explain"])
    deletes = results["deletes"]
    print(f"delete the workspace: {deletes['workspace_s']:.2f} s, then its owner:", end=" ")
    print(f"{deletes['user_s']:.2f} s")
    if args.json:
        write_json(args.json, results)


if __name__ == "__main__":
    main()
