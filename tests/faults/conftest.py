"""One PostgreSQL, one Redis and one gunicorn for the fault tests, started once.

The tests stop and start PostgreSQL and Redis under the running app; the app is
never restarted. Every fixture stops what it started, whatever the outcome.
"""

import contextlib
import shutil
import subprocess

import pytest

from tests.faults.services import (
    Postgres,
    Redis,
    accepts_connections,
    app_environment,
    free_port,
    get,
    manage,
    start_gunicorn,
    temporary_directory,
    wait_until,
)

CREATE_KEY = """
from accounts.services import user_signup
user_signup(email="ops@example.com", password="fault tests only 123", name="Ops")
"""


@pytest.fixture(scope="module")
def workdir():
    path = temporary_directory()
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="module")
def postgres(workdir):
    (workdir / "pg").mkdir()
    server = Postgres(directory=workdir / "pg", port=free_port())
    server.init()
    server.start()
    yield server
    # A failed test may have left it stopped already.
    with contextlib.suppress(subprocess.CalledProcessError):
        server.stop()


@pytest.fixture(scope="module")
def redis():
    server = Redis(port=free_port())
    server.start()
    yield server
    server.stop()


def new_key(env: dict, name: str) -> str:
    command = ["create_api_key", "--user", "ops@example.com", "--name", name]
    command += ["--permissions", "read", "--environment", "live"]
    return manage(env, *command).strip().splitlines()[-1]


@pytest.fixture(scope="module")
def unused_key(app, postgres, redis):
    """A second key of the app's user that no request has used: in no process's cache."""
    return new_key(app_environment(postgres, redis), "never used")


@pytest.fixture(scope="module")
def logged(postgres, redis):
    """logged(request_id) -> whether the app's database holds that request's log row."""
    env = app_environment(postgres, redis)
    script = (
        "from audit.models import RequestLog;"
        " print(RequestLog.objects.filter(request_id={!r}).count())"
    )
    return lambda request_id: (
        manage(env, "shell", "-c", script.format(request_id)).split()[-1] == "1"
    )


@pytest.fixture(scope="module")
def app(workdir, postgres, redis):
    """(port, key): gunicorn serving config.wsgi on the test's own services."""
    env = app_environment(postgres, redis)
    manage(env, "migrate", "--noinput")
    manage(env, "shell", "-c", CREATE_KEY)
    key = new_key(env, "faults")
    port = free_port()
    process = start_gunicorn(env, port, workdir / "gunicorn.log")
    try:
        wait_until(lambda: accepts_connections(port), what="gunicorn")
        wait_until(lambda: get(port, "/healthz")[0] == 200, what="a healthy app")
        yield port, key
    finally:
        process.terminate()
        process.wait(timeout=10)
