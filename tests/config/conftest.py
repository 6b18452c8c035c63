"""For the config tests: what an attacker with a copy of the database would see (every
row of every table), and a fresh checkout that runs the README's commands."""

import re
import shutil
import subprocess

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

from tests.config.readme_checkout import (
    NOT_COPIED,
    ROOT,
    Checkout,
    free_port,
    link_venv,
    run,
    shell_environment,
    wait_for_server,
)
from tests.support import key_form

KEY_FORM = key_form()


def database_dump() -> str:
    """Every row of every table as the database returns it, then every session decoded."""
    lines = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            lines.append(f"{table}: {cursor.fetchall()!r}")
    lines += [repr(session.get_decoded()) for session in Session.objects.all()]
    return "\n".join(lines)


def raw_key_on(page) -> str:
    return re.search(r'value="(ck_(?:live|test)_\w+)"', page.content.decode())[1]


def client_secret_on(page) -> str:
    return re.search(r'id="client-secret"[^>]*>([^<]+)</textarea>', page.content.decode())[1]


@pytest.fixture(scope="package")
def checkout(tmp_path_factory):
    """A copy of the working tree after `make run`'s first run, its server running
    (one for all of tests/config: making it takes a while)."""
    home = tmp_path_factory.mktemp("readme")
    path = home / "coherence"
    shutil.copytree(ROOT, path, ignore=NOT_COPIED, symlinks=True)
    link_venv(path)
    env = shell_environment(home)
    # A repository of the copy's files, as a clone is: pre-commit needs one.
    assert run(path, env, "git init -q && git add -A").returncode == 0

    planned = run(path, env, "make -n run")
    assert planned.returncode == 0, planned.stderr
    steps = [line for line in planned.stdout.splitlines() if "runserver" not in line]
    first_run = run(path, env, "\n".join(steps), timeout=120)
    assert first_run.returncode == 0, first_run.stdout + first_run.stderr

    port = free_port()
    log = home / "runserver.log"
    server = subprocess.Popen(
        [".venv/bin/python", "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=path,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_server(port, server, log)
        yield Checkout(path=path, env=env, port=port, first_run=first_run, server_log=log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
