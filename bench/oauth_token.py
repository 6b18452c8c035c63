"""Time /oauth/token (code exchange, refresh) per client-secret hasher, side by side.

    python -m bench.oauth_token [--rounds 20] [--json OUT]

Runs the real token endpoint in process (Django's test client, production
settings, a fresh SQLite database in a temporary directory unless
DATABASE_URL names another) for three apps that differ only in how their
client secret is hashed:

- hmac_sha256: ours (CLIENT_SECRET_HASHER), one keyed hash;
- DOT's default: the first PASSWORD_HASHERS entry (Argon2 in this project);
- pbkdf2_sha256: Django's default password hasher (1,000,000 iterations).

Rounds interleave the apps, so machine noise hits them alike. Each exchange
redeems a fresh authorization code (written as the consent page writes it);
each refresh rotates the refresh token the exchange just returned. The table
gives the median and 90th percentile of each, in milliseconds, and what the
median means in calls per second per core (one process, one thread: 1000 / ms).
"""

import argparse
import os
import secrets
import statistics
import tempfile
import time
import warnings
from datetime import timedelta

from bench.common import BENCH_ENV, write_json


def configure(database_dir: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("OIDC_RSA_PRIVATE_KEY", BENCH_ENV["OIDC_RSA_PRIVATE_KEY"])
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{database_dir}/bench.sqlite3")
    os.environ["DEBUG"] = "false"
    os.environ["HTTPS_ONLY"] = "false"  # the test client speaks plain http
    os.environ["ALLOWED_HOSTS"] = "testserver"
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic needed
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_apps(user):
    """{label: (application, plain secret)}, one app per hasher."""
    from django.contrib.auth.hashers import get_hasher, make_password
    from oauth2_provider.generators import generate_client_secret

    from oauthapps.models import Application

    default = get_hasher("default").algorithm
    hashers = [
        ("hmac_sha256 (ours)", "hmac_sha256"),
        (f"{default} (DOT's default here)", default),
        ("pbkdf2_sha256", "pbkdf2_sha256"),
    ]
    apps = {}
    for label, algorithm in hashers:
        secret = generate_client_secret()
        apps[label] = (
            Application.objects.create(
                user=user,
                name=label,
                client_type=Application.CLIENT_CONFIDENTIAL,
                redirect_uris="https://app.example.com/callback",
                client_secret=make_password(secret, hasher=algorithm),
            ),
            secret,
        )
    return apps


def new_code(app, user) -> str:
    from django.utils import timezone

    from oauthapps.models import Grant

    code = secrets.token_urlsafe(30)
    Grant.objects.create(
        application=app,
        user=user,
        workspace=user.workspaces.get(),
        code=code,
        expires=timezone.now() + timedelta(minutes=1),
        redirect_uri="https://app.example.com/callback",
        scope="read write",
    )
    return code


def timed_post(client, data) -> tuple[float, dict]:
    start = time.perf_counter()
    response = client.post("/oauth/token", data)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"/oauth/token answered {response.status_code}: {response.content!r}")
    return elapsed, response.json()


def one_round(client, app, secret, user) -> tuple[float, float]:
    credentials = {"client_id": app.client_id, "client_secret": secret}
    exchange_ms, tokens = timed_post(
        client,
        {
            "grant_type": "authorization_code",
            "code": new_code(app, user),
            "redirect_uri": "https://app.example.com/callback",
            **credentials,
        },
    )
    refresh_ms, _ = timed_post(
        client,
        {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **credentials},
    )
    return exchange_ms, refresh_ms


def summary(samples: list[float]) -> str:
    p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else samples[0]
    return f"{statistics.median(samples):8.1f} / {p90:7.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--json", help="write the results here (bench/__main__.py reads them)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as database_dir:
        configure(database_dir)
        from django.test import Client

        from accounts.services import user_signup

        user = user_signup(email="bench@example.com", password="bench-password-1", name="Bench")  # noqa: S106
        apps = make_apps(user)
        client = Client()
        for app, secret in apps.values():  # warm up: imports, caches, connections
            one_round(client, app, secret, user)
        times = {label: ([], []) for label in apps}
        for _ in range(args.rounds):
            for label, (app, secret) in apps.items():
                exchange_ms, refresh_ms = one_round(client, app, secret, user)
                times[label][0].append(exchange_ms)
                times[label][1].append(refresh_ms)
        print_table(times, args.rounds)
    if args.json:
        write_json(args.json, as_results(times, args.rounds))


def as_results(times, rounds: int) -> dict:
    """{hasher: {exchange|refresh: {median_ms, p90_ms, per_second_per_core}}}."""

    def row(samples):
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1] if len(samples) > 1 else samples[0]
        return {"median_ms": median, "p90_ms": p90, "per_second_per_core": 1000 / median}

    results = {label: {"exchange": row(e), "refresh": row(r)} for label, (e, r) in times.items()}
    return {"rounds": rounds, "hashers": results}


def print_table(times, rounds: int) -> None:
    print(f"/oauth/token, {rounds} rounds per hasher: median / p90 in ms")
    print(f"{'client secret hasher':<36}{'code exchange':>18}{'refresh':>18}{'per s/core':>14}")
    for label, (exchange, refresh) in times.items():
        per_second = [1000 / statistics.median(samples) for samples in (exchange, refresh)]
        rates = f"{per_second[0]:.1f} / {per_second[1]:.1f}"
        print(f"{label:<36}{summary(exchange):>18}{summary(refresh):>18}{rates:>14}")


if __name__ == "__main__":
    main()
