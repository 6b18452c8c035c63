"""Every shell command in README.md runs as written, after `make run` has run once.

The commands are the README's ```sh and ```bash blocks; every other fenced block must
say what it holds (yaml, text, crontab...), so no command slips past unlabelled. Each
block runs in one bash with `set -eo pipefail` (variables carry from line to line, as
in the key rotation walk-through; the first failing command fails the block) in a copy
of the working tree: its own `.env`, SQLite database and git repository, never the
developer's. `make run` is its first-run steps, taken from `make -n run`, minus the
server; a `runserver` of the copy on a free loopback port answers the curl examples
(the README's 127.0.0.1:8000 is rewritten to that port). What runs forever or needs
more than loopback is skipped by design, each command with its reason in SKIPPED.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
LOCK = ROOT / "requirements" / "lock.txt"
README_PORT = "127.0.0.1:8000"
BASH = shutil.which("bash") or "/bin/bash"

COMMAND_LANGUAGES = {"sh", "bash"}
OTHER_LANGUAGES = {"yaml", "json", "text", "crontab", "python", "toml", "http"}

# A make target, with or without variables before it (`PORT=9000 make run`).
_MAKE = r"^(?:\w+=\S+\s+)*make\s+"
SKIPPED = {
    _MAKE + r"run\b": "the development server runs until stopped: its first-run steps "
    "(.env, migrate, ensure_demo_user) ran instead, and runserver on a free port serves "
    "the curl examples",
    _MAKE + r"test\b": "the whole suite, this test included; CI runs it (.ci/run)",
    _MAKE + r"lock\b": "resolves every dependency against PyPI: the network beyond loopback",
    _MAKE + r"bench\b": "about 5 minutes of load, and it installs wrk with apt-get",
    _MAKE + r"fuzz\b": "500 cases per property test take many minutes; `make test` runs "
    "the same tests with 25",
}

# What a block must print besides exiting 0, where "exit 0" alone could hide a no-op.
EXPECTED = {
    "manage.py ensure_demo_user --reset-password": "password:",
    "manage.py createsuperuser --noinput": "Superuser created successfully.",
    "manage.py create_api_key": "ck_live_",
    "manage.py createapplication": "client_secret:",
    "/roll": "api_key.rolled",
    "make pre-commit": "Passed",
}

# What a fresh clone has: no environment, database, caches or keys of the checkout's.
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".env",
    "db.sqlite3*",
    ".dev-secret-key",
    ".oidc-signing-key.pem",
    "staticfiles",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".hypothesis",
    "test-artifacts",
    "*.egg-info",
)
# A developer's shell: nothing of the suite's settings (SECRET_KEY, DATABASE_URL,
# DJANGO_SETTINGS_MODULE...) reaches the commands.
PASSED_THROUGH = {"HOME", "LANG", "LC_ALL", "TERM", "TMPDIR", "USER", "LOGNAME", "SHELL"}


@dataclass
class Block:
    line: int
    language: str
    text: str

    def commands(self) -> list[str]:
        """Its logical lines: continuations joined, comments and blank lines dropped."""
        joined = re.sub(r"\\\n\s*", " ", self.text)
        lines = (line.strip() for line in joined.splitlines())
        return [line for line in lines if line and not line.startswith("#")]


def readme_blocks() -> list[Block]:
    text = README.read_text()
    fence = re.compile(r"^```([\w-]*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
    return [
        Block(line=text.count("\n", 0, found.start()) + 1, language=found[1], text=found[2])
        for found in fence.finditer(text)
    ]


def command_blocks() -> list[Block]:
    return [block for block in readme_blocks() if block.language in COMMAND_LANGUAGES]


def skip_reason(command: str) -> str | None:
    return next((why for pattern, why in SKIPPED.items() if re.match(pattern, command)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def shell_environment(home: Path) -> dict:
    venv_bin = str(Path(sys.prefix) / "bin")
    path = os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if p != venv_bin)
    env = {k: v for k, v in os.environ.items() if k in PASSED_THROUGH}
    # pre-commit keeps its state under PRE_COMMIT_HOME: the copy's, not the developer's.
    return {**env, "PATH": path, "PRE_COMMIT_HOME": str(home / "pre-commit")}


def link_venv(checkout: Path) -> None:
    """checkout/.venv: the running venv's interpreter, scripts and packages, with an
    install stamp of its own that is newer than the lock, so make there installs nothing
    (and never into the developer's venv)."""
    real = Path(sys.prefix)
    venv = checkout / ".venv"
    (venv / "bin").mkdir(parents=True)
    for entry in (real / "bin").iterdir():
        (venv / "bin" / entry.name).symlink_to(entry)
    (venv / "lib").symlink_to(real / "lib")
    shutil.copy(real / "pyvenv.cfg", venv)
    (venv / ".installed").touch()


def run(checkout: Path, env: dict, script: str, timeout: int = 60):
    return subprocess.run(
        [BASH, "-c", f"set -eo pipefail\n{script}"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def wait_for_server(port: int, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"runserver exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"runserver did not answer within 30 s: {log.read_text()[-2000:]}")


@dataclass
class Checkout:
    path: Path
    env: dict
    port: int
    first_run: subprocess.CompletedProcess
    server_log: Path


@pytest.fixture(scope="module")
def checkout(tmp_path_factory):
    """A copy of the working tree after `make run`'s first run, its server running."""
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


def test_every_fenced_block_says_what_it_holds():
    unlabelled = [
        f"README.md:{block.line}: ```{block.language}"
        for block in readme_blocks()
        if block.language not in COMMAND_LANGUAGES | OTHER_LANGUAGES
    ]

    assert unlabelled == [], "label each block sh/bash (commands, run here) or " + ", ".join(
        sorted(OTHER_LANGUAGES)
    )


def test_make_run_writes_a_private_env_once_and_never_overwrites_it(checkout):
    env_file = checkout.path / ".env"
    written = env_file.read_text()

    assert env_file.stat().st_mode & 0o777 == 0o600
    assert "DEBUG=true" in written.splitlines()
    assert re.search(r"^SECRET_KEY=[\w-]{50,}$", written, re.MULTILINE)
    assert "Created a demo user" in checkout.first_run.stdout

    again = run(checkout.path, checkout.env, "make -n run")
    assert "> .env" not in again.stdout
    assert run(checkout.path, checkout.env, "make .env").returncode == 0
    assert env_file.read_text() == written


def test_the_demo_login_says_how_to_get_a_new_password_and_that_works(checkout):
    shown = run(checkout.path, checkout.env, ".venv/bin/python manage.py ensure_demo_user")
    hint = re.search(r"`(\.venv/bin/python manage\.py [^`]+)`", shown.stdout)
    assert hint, shown.stdout

    reset = run(checkout.path, checkout.env, hint[1])
    assert reset.returncode == 0, reset.stderr
    password = re.search(r"password: (\S+)", reset.stdout)[1]

    assert signs_in(checkout.port, "demo@example.com", password)
    assert not signs_in(checkout.port, "demo@example.com", password + "x")


def signs_in(port: int, email: str, password: str) -> bool:
    """Whether the login page of the copy's server takes these credentials."""
    session = requests.Session()
    url = f"http://127.0.0.1:{port}/accounts/login/"
    form = session.get(url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    answer = session.post(
        url,
        data={"csrfmiddlewaretoken": token, "login": email, "password": password},
        headers={"Referer": url},
        allow_redirects=False,
        timeout=10,
    )
    return answer.status_code == 302


@pytest.mark.parametrize("block", command_blocks(), ids=lambda block: f"README.md:{block.line}")
def test_the_readme_command_runs_as_written(checkout, block):
    runnable = [command for command in block.commands() if skip_reason(command) is None]
    script = "\n".join(runnable).replace(README_PORT, f"127.0.0.1:{checkout.port}")
    log_start = checkout.server_log.stat().st_size

    done = run(checkout.path, checkout.env, script)

    output, status = done.stdout + done.stderr, done.returncode
    assert status == 0, f"README.md:{block.line} failed:\n{script}\n{output[-3000:]}"
    served = checkout.server_log.read_text()[log_start:]
    assert not re.search(r'" 5\d\d ', served), served[-3000:]
    for command_part, text in EXPECTED.items():
        if any(command_part in command for command in runnable):
            assert text in output, f"{command_part!r} printed no {text!r}:\n{output[-3000:]}"


def test_the_lock_pins_every_dependency_of_pyproject_within_its_range():
    """What `make lock` compiles from; a dependency added without `make lock` fails here."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [
        Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]
    ]
    pinned = {
        canonicalize_name(name): version
        for name, version in re.findall(r"^([\w.-]+)==(\S+) \\$", LOCK.read_text(), re.MULTILINE)
    }

    missing = [str(r) for r in wanted if canonicalize_name(r.name) not in pinned]
    outside = [
        f"{r} (locked: {pinned[canonicalize_name(r.name)]})"
        for r in wanted
        if canonicalize_name(r.name) in pinned
        and not r.specifier.contains(pinned[canonicalize_name(r.name)], prereleases=True)
    ]
    assert (missing, outside) == ([], []), "run `make lock`"
    assert "--hash=sha256:" in LOCK.read_text()
    assert "djangorestframework-api-key" not in pinned  # the bench's peer stays out
