"""Concurrent refreshes of one refresh token against gunicorn on PostgreSQL.

    python -m bench.refresh_race [--trials 10] [--concurrency 20] [--workers 3]
        [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--database refresh_race]

Creates its own database (dropped at the end), migrates it, makes a user and an
app, starts gunicorn with --workers sync workers on a free loopback port, and
per trial: gets a fresh pair through the real code exchange, fires
--concurrency refreshes of its refresh token at once, and prints how many got
a new pair (200), a 4xx, a 5xx; how many successor refresh tokens the
database holds (exactly one expected); and whether the winner's access token
still works (it should not: a concurrent refresh counts as reuse and ends the
session, README "Refresh tokens"). Exits 1 if a trial saw a 5xx or more than
one new pair. The Done-when of issue 9: one new pair, zero 5xx, in 10 of 10.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench.api_requests import free_port, wait_for
from bench.common import BENCH_ENV

ROOT = Path(__file__).resolve().parents[1]
CALLBACK = "https://app.example.com/callback"


def recreate_database(admin_url: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        if not drop_only:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def configure(database_url: str) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789-0123456789",
        "OIDC_RSA_PRIVATE_KEY": BENCH_ENV["OIDC_RSA_PRIVATE_KEY"],
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # The race is what is measured, not the token endpoint's rate limit.
        "OAUTH_TOKEN_RATE_LIMIT": "100000/minute",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {**os.environ, **env}


def make_app():
    """(user, application, plain secret)."""
    from oauth2_provider.generators import generate_client_secret

    from accounts.services import user_signup
    from oauthapps.models import Application

    user = user_signup(email="race@example.com", password="race-password-1", name="Race")  # noqa: S106
    secret = generate_client_secret()
    app = Application.objects.create(
        user=user,
        name="Racer",
        client_type=Application.CLIENT_CONFIDENTIAL,
        redirect_uris=CALLBACK,
        client_secret=secret,
    )
    return user, app, secret


def new_code(app, user) -> str:
    import secrets
    from datetime import timedelta

    from django.utils import timezone

    from oauthapps.models import Grant

    code = secrets.token_urlsafe(30)
    Grant.objects.create(
        application=app,
        user=user,
        workspace=user.workspaces.get(),
        code=code,
        expires=timezone.now() + timedelta(minutes=1),
        redirect_uri=CALLBACK,
        scope="read",
    )
    return code


def post(url: str, data: dict, headers: dict | None = None) -> tuple[int, dict]:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, body, headers or {}, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback)
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        try:
            return error.code, json.loads(error.read() or b"{}")
        except ValueError:
            return error.code, {}


def works(base: str, access_token: str) -> bool:
    request = urllib.request.Request(  # noqa: S310
        f"{base}/v1/users/me", headers={"Authorization": f"Bearer {access_token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30):  # noqa: S310 (loopback)
            return True
    except urllib.error.HTTPError:
        return False


def race(base: str, credentials: dict, refresh_token: str, concurrency: int) -> list:
    start = threading.Barrier(concurrency)
    results = [None] * concurrency
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token, **credentials}

    def one(index):
        start.wait()
        results[index] = post(f"{base}/oauth/token", data)

    threads = [threading.Thread(target=one, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def trial(base: str, app, secret: str, user, concurrency: int) -> dict:
    from oauthapps.models import RefreshToken

    credentials = {"client_id": app.client_id, "client_secret": secret}
    exchange = {"grant_type": "authorization_code", "code": new_code(app, user)}
    status, tokens = post(
        f"{base}/oauth/token", {**exchange, "redirect_uri": CALLBACK, **credentials}
    )
    if status != 200:
        raise SystemExit(f"the code exchange answered {status}: {tokens}")
    results = race(base, credentials, tokens["refresh_token"], concurrency)
    winners = [body for status, body in results if status == 200]
    presented = RefreshToken.objects.get(token_checksum=_checksum(tokens["refresh_token"]))
    return {
        "pairs": len(winners),
        "4xx": sum(400 <= status < 500 for status, _ in results),
        "5xx": sum(status >= 500 for status, _ in results),
        "successors": RefreshToken.objects.filter(token_family=presented.token_family).count() - 1,
        "winner_works": any(works(base, body["access_token"]) for body in winners),
    }


def _checksum(raw: str) -> str:
    import hashlib

    return hashlib.sha256(raw.encode()).hexdigest()


def start_gunicorn(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "config.wsgi", "-w", str(workers)]
    command += ["-b", f"127.0.0.1:{port}", "--log-level", "warning"]
    # Its log (19 refused refreshes a trial) goes to a file, named at the end.
    log = tempfile.NamedTemporaryFile("w", prefix="refresh-race-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    print(f"gunicorn's log: {log.name}")
    base = f"http://127.0.0.1:{port}"
    wait_for(f"{base}/healthz")
    return server, base


HEADER = f"{'trial':>5} {'new pairs':>10} {'4xx':>5} {'5xx':>5} {'successors':>11}  winner works"


def row(number: int, outcome: dict) -> str:
    works_now = "yes" if outcome["winner_works"] else "no"
    counts = f"{outcome['pairs']:>10} {outcome['4xx']:>5} {outcome['5xx']:>5}"
    return f"{number:>5} {counts} {outcome['successors']:>11}  {works_now}"


def run(args) -> list[dict]:
    base_url = args.admin_url.rsplit("/", 1)[0]
    env = configure(f"{base_url}/{args.database}")
    user, app, secret = make_app()
    server, base = start_gunicorn(env, args.workers)
    try:
        print(f"{args.concurrency} concurrent refreshes of one token, gunicorn -w {args.workers}")
        print(HEADER)
        outcomes = []
        for number in range(1, args.trials + 1):
            outcomes.append(trial(base, app, secret, user, args.concurrency))
            print(row(number, outcomes[-1]), flush=True)
        return outcomes
    finally:
        server.terminate()
        server.wait(timeout=30)
        from django.db import connections

        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--admin-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--database", default="refresh_race")
    args = parser.parse_args()
    recreate_database(args.admin_url, args.database)
    try:
        outcomes = run(args)
    finally:
        recreate_database(args.admin_url, args.database, drop_only=True)
    good = sum(o["pairs"] == 1 and o["successors"] == 1 and o["5xx"] == 0 for o in outcomes)
    print(f"{good} of {len(outcomes)} trials: exactly one new pair and no 5xx")
    if good != len(outcomes):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
