"""A copy of the working tree as a fresh clone has it, and the README's shell blocks,
for the tests that run the README's commands (tests/config/test_readme_*.py)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

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
