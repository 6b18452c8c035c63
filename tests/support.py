"""What tests share that is not a fixture: constants, and helpers a test calls.

Fixtures are in conftest.py; tests import these (`from tests.support import ...`)
rather than importing from a conftest.
"""

import secrets
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "correct horse battery staple"
T = TypeVar("T")

# The spec's exact answer to an unknown, malformed, revoked or expired key.
INVALID_API_KEY = {
    "error": {
        "code": "authentication_failed",
        "message": "Invalid API key provided",
        "status": 401,
    }
}


def at_once(count: int, call: Callable[[], T]) -> list[T]:
    """Run `call` in `count` threads released together; their results, in no set order.

    For races the database must decide. Each thread closes its own database
    connection, or the test database could not be dropped at the end.
    """
    from django.db import connection

    start = threading.Barrier(count)
    results: list[T] = []
    failures: list[BaseException] = []

    def one():
        try:
            start.wait()
            results.append(call())
        except BaseException as failure:  # raised again in the test's thread, below
            failures.append(failure)
        finally:
            connection.close()

    workers = [threading.Thread(target=one) for _ in range(count)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return results


def use_workspace(client, workspace):
    """Make `workspace` the signed-in client's current one, as the switcher does."""
    from accounts.current import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = workspace.public_id
    session.save()
    return client


def key_form(**fields) -> dict:
    """The Create API key form as a browser posts it: a live read and write key with
    no address list and no expiry, unless `fields` say otherwise."""
    return {
        "name": "Production Integration",
        "environment": "live",
        "permissions": ["read", "write"],
        "allowed_ips": "",
        "expires_at": "",
        **fields,
    }


def issue_access_token(
    user, app, workspace, *, expires: datetime, with_refresh_token=False, **fields
):
    """A read access token as the OAuth flow stores one (with its refresh token when
    `with_refresh_token`); `fields` set the rest, such as `token` or `last_used_at`."""
    from oauth2_provider.models import get_access_token_model, get_refresh_token_model

    fields.setdefault("token", f"at_{secrets.token_urlsafe(24)}")
    access = get_access_token_model().objects.create(
        user=user, application=app, workspace=workspace, expires=expires, scope="read", **fields
    )
    if with_refresh_token:
        get_refresh_token_model().objects.create(
            user=user,
            application=app,
            workspace=workspace,
            token=f"rt_{secrets.token_urlsafe(24)}",
            access_token=access,
        )
    return access


def run_python(
    code: str, *, env: dict[str, str], cwd: Path = ROOT, timeout: int = 60, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `code` in a fresh interpreter, as an operator starts the server: its own
    process, settings and exit; its output captured as text."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )
