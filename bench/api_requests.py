"""Throughput of the per-request path, against a plain health check, side by side.

    python -m bench.api_requests [--seconds 5] [--rounds 3]

Starts gunicorn (one sync worker, production settings, a fresh SQLite database
unless DATABASE_URL names another) and loads it with wrk from 127.0.0.1 only.
Endpoints are measured in interleaved rounds so that machine noise hits them
alike; the table reports the median requests/second of each and its ratio to
/healthz. Needs `wrk` (Debian: apt-get install wrk).
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from accounts.services import user_signup
from apikeys.services import key_create
user = user_signup(email="bench@example.com", password="bench-password-1", name="Bench")
_, raw = key_create(workspace=user.workspaces.get(), actor=user, name="bench",
                    livemode=True, permissions=["read"])
print(raw)
"""


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


def wrk(url: str, seconds: int, headers: dict[str, str]) -> float:
    command = ["wrk", "-t1", "-c4", f"-d{seconds}s", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} non-2xx responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")

    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-0123456789",
        "HTTPS_ONLY": "false",
        "RATE_LIMIT_LIVE": "100000000/minute",
        "LOG_LEVEL": "WARNING",
    }
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    raw_key = (
        subprocess.run(
            [sys.executable, "-c", SETUP],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )

    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "-w",
            "1",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {raw_key}"}
    endpoints = {
        "/healthz": (f"{base}/healthz", {}),
        "/v1/users/me (API key)": (f"{base}/v1/users/me", auth),
        "/v1/modules/contacts/records (API key)": (f"{base}/v1/modules/contacts/records", auth),
    }
    try:
        wait_for(f"{base}/healthz")
        for url, headers in endpoints.values():
            wrk(url, 1, headers)  # warm up
        results = {name: [] for name in endpoints}
        for _ in range(args.rounds):
            for name, (url, headers) in endpoints.items():
                results[name].append(wrk(url, args.seconds, headers))
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)

    baseline = statistics.median(results["/healthz"])
    print(f"\n{'endpoint':<42} {'req/s (median)':>15} {'vs /healthz':>12}")
    for name, values in results.items():
        median = statistics.median(values)
        print(f"{name:<42} {median:>15.0f} {median / baseline:>11.2f}x")


if __name__ == "__main__":
    main()
