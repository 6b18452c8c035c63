"""Three gunicorn instances on one PostgreSQL database and one Redis, all the tests' own.

The database is created on the shared server at 127.0.0.1:5432 under a random
name (`fleet_<hex>`) and only that database is dropped; redis-server runs on a
free port. DATABASE_URL and REDIS_URL of the suite are ignored. Every wait polls
with a deadline, every request has a timeout, and all traffic is loopback.
"""

import http.client
import json
import os
import secrets
import signal
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from psycopg import sql

from oauthapps.oidc.keys import new_private_key_pem
from tests.faults.services import ROOT, VENV_BIN, accepts_connections, free_port, wait_until

SERVER_URL = "postgres://postgres@127.0.0.1:5432"
INSTANCES = 3
WORKERS = 2

# An owner, an admin key for the API, and the names the counts are read from.
SETUP = """
import json
from accounts.services import user_signup
from apikeys.services import key_create
from audit.models import RequestLog, RequestRollup
owner = user_signup(email="fleet@example.com", password="fleet tests only 123", name="Fleet")
workspace = owner.workspaces.get()
admin, raw = key_create(workspace=workspace, actor=owner, name="admin", livemode=True,
                        permissions=["admin"])
print(json.dumps({"admin": raw, "owner": owner.pk, "workspace": workspace.pk,
    "log_table": RequestLog._meta.db_table,
    "log_key_column": RequestLog._meta.get_field("api_key").column,
    "rollup_table": RequestRollup._meta.db_table}))
"""
NEW_KEY = """
import json
from accounts.models import User
from apikeys.services import key_create
owner = User.objects.get(email="fleet@example.com")
key, raw = key_create(workspace=owner.workspaces.get(), actor=owner, name="{name}",
                      livemode=True, permissions=["read"], rate_limit={limit})
print(json.dumps({{"pk": key.pk, "id": key.public_id, "raw": raw}}))
"""


def create_database() -> str:
    name = f"fleet_{secrets.token_hex(4)}"
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return name


def drop_database(name: str) -> None:
    if not name.startswith("fleet_"):  # never anybody else's
        raise ValueError(name)
    with psycopg.connect(f"{SERVER_URL}/postgres", autocommit=True) as connection:
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        connection.execute(drop.format(sql.Identifier(name)))


def environment(database: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": f"{SERVER_URL}/{database}",
        "REDIS_URL": redis_url,
        "SECRET_KEY": "fleet-tests-only-" + "x" * 40,
        "OIDC_RSA_PRIVATE_KEY": new_private_key_pem(),  # one for the whole fleet
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "RATE_LIMIT_LIVE": "100000/minute",
        "PYTHONWARNINGS": "ignore:No directory at",
    }


def shell(env: dict, code: str) -> dict:
    """The JSON that `code` prints last, run by `manage.py shell` on the fleet's database."""
    command = [str(VENV_BIN / "python"), "manage.py", "shell", "-c", code]
    done = subprocess.run(
        command, cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=120
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@dataclass
class Instance:
    port: int
    process: subprocess.Popen

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_instance(env: dict, log: Path) -> Instance:
    port = free_port()
    command = [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(WORKERS), "--timeout", "30", "--graceful-timeout", "10"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    return Instance(port=port, process=process)


def wait_healthy(instance: Instance) -> None:
    wait_until(lambda: accepts_connections(instance.port), timeout=30, what="gunicorn")
    wait_until(lambda: request(instance.port, "GET", "/healthz")[0] == 200, what="/healthz")


def request(port: int, method: str, path: str, key: str | None = None) -> tuple[int | None, str]:
    """(status, body); status None when the connection failed or was cut before an answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode()
    except OSError:
        return None, ""
    finally:
        connection.close()


@dataclass
class Fleet:
    env: dict
    database: str
    instances: list[Instance]
    names: dict = field(default_factory=dict)

    @property
    def ports(self) -> list[int]:
        return [instance.port for instance in self.instances]

    def new_key(self, name: str, limit: int | None = None) -> dict:
        return shell(self.env, NEW_KEY.format(name=name, limit=limit))

    def spread(self, key: str, count: int, concurrency: int, on_sent=None) -> list[int | None]:
        """GET /v1/users/me `count` times, round-robin over the instances, in parallel."""

        def one(index: int) -> int | None:
            if on_sent:
                on_sent(index)
            return request(self.ports[index % len(self.ports)], "GET", "/v1/users/me", key)[0]

        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            return list(pool.map(one, range(count)))

    def counts(self, key_pk: int) -> tuple[int, int]:
        """(request-log rows, rollup requests) for one key, read straight from the database."""
        names = {name: sql.Identifier(value) for name, value in self.names.items()}
        rows = sql.SQL("SELECT count(*) FROM {log_table} WHERE {log_key_column} = %s")
        rolled = sql.SQL(
            "SELECT coalesce(sum(requests), 0) FROM {rollup_table} WHERE api_key_id = %s"
        )
        with psycopg.connect(f"{SERVER_URL}/{self.database}") as connection:
            logged = connection.execute(rows.format(**names), [key_pk]).fetchone()[0]
            rollup = connection.execute(rolled.format(**names), [key_pk]).fetchone()[0]
        return logged, int(rollup)
