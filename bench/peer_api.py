"""The peer, djangorestframework-api-key 3.x, on the same Django, DRF and gunicorn.

    python -m bench.peer_api [--seconds 5] [--rounds 3] [--json OUT]

Installs drf-api-key into a temporary directory put on PYTHONPATH for this run
only (never a project dependency), serves the tiny project in bench/peer/ with
one sync gunicorn worker on SQLite and on PostgreSQL (a database of the run's
own), and loads `/healthz` and `/v1/users/me` (header `Authorization: Api-Key
...`) with wrk in interleaved rounds, as bench.api_requests does for ours.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.api_requests import print_table
from bench.common import (
    BENCH_ENV,
    ensure_wrk,
    gunicorn,
    interleaved_rounds,
    postgres_database,
    run_python,
    summarise,
    write_json,
)

REQUIREMENT = "djangorestframework-api-key>=3,<4"
SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.contrib.auth.models import User
from rest_framework_api_key.models import APIKey
User.objects.create_user("bench", "bench@example.com", first_name="Bench")
_, key = APIKey.objects.create_key(name="bench")
import importlib.metadata as md
print(md.version("djangorestframework-api-key"), key)
"""


def install(target: Path) -> None:
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"]
    command += ["--target", str(target), REQUIREMENT, "packaging"]
    subprocess.run(command, check=True, timeout=300)


def run_backend(env: dict, seconds: int, rounds: int) -> tuple[str, dict]:
    version, key = run_python(SETUP, env).split()
    with gunicorn(env, app="bench.peer.wsgi") as base:
        targets = {
            "/healthz": (f"{base}/healthz", {}),
            "/v1/users/me (drf-api-key)": (
                f"{base}/v1/users/me",
                {"Authorization": f"Api-Key {key}"},
            ),
        }
        return version, summarise(interleaved_rounds(targets, seconds, rounds))


def run(seconds: int, rounds: int) -> dict:
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-peer-"))
    try:
        install(workdir / "site")
        env = {**os.environ, **BENCH_ENV, "DJANGO_SETTINGS_MODULE": "bench.peer.settings"}
        env["PYTHONPATH"] = os.pathsep.join([str(workdir / "site"), env.get("PYTHONPATH", "")])
        env["PEER_DATABASE_URL"] = f"sqlite:///{workdir / 'peer.sqlite3'}"
        print("peer_api: SQLite", flush=True)
        version, sqlite = run_backend(env, seconds, rounds)
        with postgres_database("bench_peer") as database_url:
            print("peer_api: PostgreSQL", flush=True)
            _, postgres = run_backend({**env, "PEER_DATABASE_URL": database_url}, seconds, rounds)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"version": version, "SQLite": sqlite, "PostgreSQL": postgres}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    results = run(args.seconds, args.rounds)
    print(f"djangorestframework-api-key {results['version']}")
    print_table({name: results[name] for name in ("SQLite", "PostgreSQL")})
    if args.json:
        write_json(args.json, results)


if __name__ == "__main__":
    main()
