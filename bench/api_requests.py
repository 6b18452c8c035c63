"""Throughput of the per-request path, against a plain health check, side by side.

    python -m bench.api_requests [--seconds 5] [--rounds 3] [--json OUT]

For each backend (SQLite; PostgreSQL + Redis, both the run's own) starts gunicorn
(one sync worker, production settings, limits and logging on) and loads it with
wrk from 127.0.0.1 only: `/healthz`, `/v1/users/me` with an API key and with an
OAuth access token. Endpoints are measured in interleaved rounds so that machine
noise hits them alike; the table gives the median requests/second of each and
its ratio to the `/healthz` measured in the same rounds. Needs `wrk`.
"""

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from bench.common import (
    BENCH_ENV,
    ensure_wrk,
    free_port,  # noqa: F401 (bench.refresh_race imports it from here)
    gunicorn,
    interleaved_rounds,
    postgres_database,
    redis_server,
    run_python,
    summarise,
    wait_for,  # noqa: F401
    write_json,
)

# A user, a read key and an access token from the real code exchange.
SETUP = """
import django, secrets; django.setup()
from datetime import timedelta
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
call_command("migrate", verbosity=0)
from accounts.services import user_signup
from apikeys.services import key_create
from oauthapps.models import Application, Grant
user = user_signup(email="bench@example.com", password="bench-password-1", name="Bench")
workspace = user.workspaces.get()
_, raw = key_create(workspace=workspace, actor=user, name="bench", livemode=True,
                    permissions=["read"])
secret = generate_client_secret()
app = Application.objects.create(user=user, name="bench", client_secret=secret,
    client_type=Application.CLIENT_CONFIDENTIAL, redirect_uris="https://app.example.com/cb")
code = secrets.token_urlsafe(30)
Grant.objects.create(application=app, user=user, workspace=workspace, code=code,
    expires=timezone.now() + timedelta(minutes=1), redirect_uri="https://app.example.com/cb",
    scope="read")
answer = Client().post("/oauth/token", {"grant_type": "authorization_code", "code": code,
    "redirect_uri": "https://app.example.com/cb", "client_id": app.client_id,
    "client_secret": secret})
assert answer.status_code == 200, answer.content
print(raw, answer.json()["access_token"])
"""

ENDPOINTS = ("/healthz", "/v1/users/me (API key)", "/v1/users/me (OAuth token)")


def targets(base: str, key: str, token: str) -> dict:
    return {
        ENDPOINTS[0]: (f"{base}/healthz", {}),
        ENDPOINTS[1]: (f"{base}/v1/users/me", {"Authorization": f"Bearer {key}"}),
        ENDPOINTS[2]: (f"{base}/v1/users/me", {"Authorization": f"Bearer {token}"}),
    }


def run_backend(env: dict, seconds: int, rounds: int) -> dict:
    key, token = run_python(SETUP, env).split()
    with gunicorn(env) as base:
        return interleaved_rounds(targets(base, key, token), seconds, rounds)


def run(seconds: int, rounds: int) -> dict:
    ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    results = {}
    try:
        env = {**os.environ, **BENCH_ENV, "DATABASE_URL": f"sqlite:///{workdir / 'b.sqlite3'}"}
        env.pop("REDIS_URL", None)
        print("api_requests: SQLite", flush=True)
        results["SQLite"] = summarise(run_backend(env, seconds, rounds))
        with postgres_database("bench_api") as database_url, redis_server() as redis_url:
            env = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "REDIS_URL": redis_url}
            print("api_requests: PostgreSQL + Redis", flush=True)
            results["PostgreSQL + Redis"] = summarise(run_backend(env, seconds, rounds))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def print_table(results: dict) -> None:
    for backend, endpoints in results.items():
        print(f"\n{backend}\n{'endpoint':<32} {'req/s (median)':>15} {'vs /healthz':>12}")
        for name, row in endpoints.items():
            print(f"{name:<32} {row['median']:>15.0f} {row['ratio']:>11.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    results = run(args.seconds, args.rounds)
    print_table(results)
    if args.json:
        write_json(args.json, results)


if __name__ == "__main__":
    main()
