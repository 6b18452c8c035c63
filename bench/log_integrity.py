"""Every answered request is logged once: 10,000 requests at 50 in flight, a worker
stopped under load, then the whole server stopped.

    python -m bench.log_integrity [--requests 10000] [--concurrency 50] [--json OUT]

gunicorn (2 sync workers, production settings: request logs written in batches,
audit.writer) on a PostgreSQL database and a redis-server of the run's own. Halfway
through, one worker gets SIGTERM (gunicorn starts another); at the end the master
gets SIGTERM. Then the key's request-log rows and its rollup total are counted
and compared with the 200s the clients received.
"""

import argparse
import http.client
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bench.api_requests import SETUP
from bench.common import (
    BENCH_ENV,
    ROOT,
    free_port,
    postgres_database,
    redis_server,
    run_python,
    wait_for,
    write_json,
)

COUNTS = """
import django; django.setup()
from django.db.models import Sum
from apikeys.models import ApiKey
from audit.models import RequestLog, RequestRollup
key = ApiKey.objects.get()
print(RequestLog.objects.filter(api_key=key).count(),
      RequestRollup.objects.filter(api_key_id=key.pk).aggregate(n=Sum("requests"))["n"] or 0)
"""


def load(port: int, key: str, requests: int, concurrency: int, halfway) -> dict:
    headers = {"Authorization": f"Bearer {key}"}
    local = threading.local()
    sent = iter(range(requests))
    lock = threading.Lock()

    def one(_) -> int | None:
        with lock:
            index = next(sent)
        if index == requests // 2:
            halfway()
        for _attempt in range(2):  # a keep-alive connection the stopped worker closed
            connection = getattr(local, "connection", None)
            if connection is None:
                connection = local.connection = http.client.HTTPConnection(
                    "127.0.0.1", port, timeout=10
                )
            try:
                connection.request("GET", "/v1/users/me", headers=headers)
                response = connection.getresponse()
                response.read()
                return response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                local.connection = None
        return None

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        statuses = list(pool.map(one, range(requests)))
    return {
        "sent": requests,
        "answered_200": statuses.count(200),
        "other_status": sum(1 for s in statuses if s not in (200, None)),
        "no_answer": statuses.count(None),
    }


def run(requests: int, concurrency: int) -> dict:
    with postgres_database("bench_logs") as database_url, redis_server() as redis_url:
        env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
        key, _token = run_python(SETUP, env).split()
        port = free_port()
        command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", "2"]
        command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning", "--graceful-timeout", "30"]
        server = subprocess.Popen(command, cwd=ROOT, env=env)
        stopped_worker = []

        def stop_one_worker():
            workers = subprocess.run(
                ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
            ).stdout.split()
            if workers:
                os.kill(int(workers[0]), signal.SIGTERM)
                stopped_worker.append(int(workers[0]))

        try:
            wait_for(f"http://127.0.0.1:{port}/healthz")
            started = time.monotonic()
            result = load(port, key, requests, concurrency, stop_one_worker)
            result["seconds"] = round(time.monotonic() - started, 1)
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=60)
        logged, rolled_up = (int(n) for n in run_python(COUNTS, env).split())
        result.update(
            concurrency=concurrency,
            worker_stopped_under_load=bool(stopped_worker),
            log_rows=logged,
            rollup_requests=rolled_up,
            lost=result["answered_200"] - logged,
        )
        return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    result = run(args.requests, args.concurrency)
    for name, value in result.items():
        print(f"{name:<26} {value}")
    if args.json:
        write_json(args.json, result)
    if result["lost"] or result["rollup_requests"] != result["log_rows"]:
        raise SystemExit("log rows and answered requests differ")


if __name__ == "__main__":
    main()
