"""A PostgreSQL cluster, a Redis and the app under gunicorn, each of the test's own.

Never the shared servers on 5432/6379: each gets a free port (bind to 0) and a
temporary directory, and each is stopped by the fixture that started it.
Waits poll with a deadline.
"""

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from oauthapps.oidc.keys import new_private_key_pem

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, *, timeout: float = 20.0, interval: float = 0.1, what: str = ""):
    """Poll `condition()` until it is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise TimeoutError(f"Gave up after {timeout} s waiting for {what or condition}")


def accepts_connections(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def as_postgres(*command: str) -> list[str]:
    # initdb and pg_ctl refuse to run as root; CI runs as root.
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@dataclass
class Postgres:
    directory: Path
    port: int

    @property
    def bin(self) -> Path:
        return Path(sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1])

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        command = [str(self.bin / "pg_ctl"), "-D", str(self.directory / "data"), "-w", "-t", "20"]
        subprocess.run(as_postgres(*command, "-o", options, *args), check=True, capture_output=True)

    def init(self) -> None:
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        initdb = [str(self.bin / "initdb"), "-D", str(self.directory / "data"), "-A", "trust"]
        subprocess.run(as_postgres(*initdb, "-U", "postgres"), check=True, capture_output=True)

    def start(self) -> None:
        self.pg_ctl("-l", str(self.directory / "log"), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "immediate", "stop")


class Redis:
    def __init__(self, port: int):
        self.port = port
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        wait_until(lambda: accepts_connections(self.port), what="redis-server")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def app_environment(postgres: Postgres, redis: Redis) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "SECRET_KEY": "fault-tests-only-" + "x" * 40,
        "OIDC_RSA_PRIVATE_KEY": new_private_key_pem(),
        "DEBUG": "false",
        "HTTPS_ONLY": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "RATE_LIMIT_LIVE": "1000/minute",
    }


def manage(env: dict, *args: str) -> str:
    command = [str(VENV_BIN / "python"), "manage.py", *args]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def start_gunicorn(env: dict, port: int, log: Path) -> subprocess.Popen:
    command = [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", "30", "--graceful-timeout", "2"]
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def get(port: int, path: str, key: str | None = None):
    """(status, headers, body) of a GET to the app; never raises for an HTTP status."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def temporary_directory() -> Path:
    path = Path(tempfile.mkdtemp(prefix="coherence-faults-"))
    path.chmod(0o755)  # the postgres user must reach its data directory inside
    return path
