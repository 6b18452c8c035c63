"""What every benchmark shares: loopback ports, waits with deadlines, wrk, gunicorn,
a PostgreSQL database and a Redis of the run's own, and the JSON each module hands
to `make bench` (bench/__main__.py), which writes bench/RESULTS.md from them.

Everything listens on and talks to 127.0.0.1 only, and every wait has a deadline.
"""

import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from oauthapps.oidc.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parents[1]
ADMIN_URL = os.environ.get("BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789-0123456789",
    "OIDC_RSA_PRIVATE_KEY": new_private_key_pem(),
    "HTTPS_ONLY": "false",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "RATE_LIMIT_LIVE": "100000000/minute",
    "RATE_LIMIT_TEST": "100000000/minute",
    "OAUTH_TOKEN_RATE_LIMIT": "100000000/minute",
    "LOG_LEVEL": "WARNING",
    "PYTHONWARNINGS": "ignore:No directory at",  # no collectstatic for a benchmark
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def ensure_wrk() -> None:
    """wrk from the distribution; installed here when we are root and it is missing."""
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk (apt-get install -y wrk)", flush=True)
        apt = ["apt-get", "install", "-y", "-qq", "wrk"]
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(apt, check=False, capture_output=True, env=env, timeout=300)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run `apt-get install -y wrk`, then `make bench`")


def wrk(url: str, seconds: int, headers: dict[str, str], connections: int = 4) -> float:
    """Requests per second; any non-2xx answer fails the benchmark (it measured an error)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 30)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", done.stdout)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx responses\n{done.stdout}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def interleaved_rounds(targets: dict, seconds: int, rounds: int) -> dict:
    """{name: [req/s per round]} for {name: (url, headers)}, interleaved within each round
    so that machine noise hits them alike, after a one-second warm-up of each."""
    for url, headers in targets.values():
        wrk(url, 1, headers)  # imports, connections, caches
    results = {name: [] for name in targets}
    for _ in range(rounds):
        for name, (url, headers) in targets.items():
            results[name].append(wrk(url, seconds, headers))
    return results


def summarise(rounds: dict) -> dict:
    """Median of each and its ratio to the first (the baseline of the same rounds)."""
    baseline = statistics.median(next(iter(rounds.values())))
    return {
        name: {
            "rounds": values,
            "median": statistics.median(values),
            "ratio": statistics.median(values) / baseline,
        }
        for name, values in rounds.items()
    }


@contextmanager
def gunicorn(env: dict, *, app: str = "config.wsgi", cwd: Path = ROOT, workers: int = 1):
    """The base URL of gunicorn serving `app` on a free loopback port; stopped on exit."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", app, "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=cwd, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def postgres_database(prefix: str):
    """postgres://.../<prefix>_<random> on the shared server, created here and dropped here."""
    import psycopg
    from psycopg import sql

    name = f"{prefix}_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as connection:
            drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
            connection.execute(drop.format(sql.Identifier(name)))


@contextmanager
def redis_server():
    """redis://127.0.0.1:<free port>/0, a redis-server of the run's own; stopped on exit."""
    port = free_port()
    command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
    command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_python(code: str, env: dict, cwd: Path = ROOT, python: str = sys.executable) -> str:
    """The last line that `code` prints, run in a fresh interpreter with `env`."""
    done = subprocess.run(
        [python, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    if done.returncode:
        raise SystemExit(f"setup failed:\n{done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def write_json(path: str | None, data) -> None:
    """Hand results to bench/__main__.py (with --json PATH), or print them."""
    text = json.dumps(data, indent=2)
    if path:
        Path(path).write_text(text)
    else:
        print(text)
