"""Fill a workspace with synthetic request logs, to check query plans at scale.

The rows and their mix are audit.synthetic's; this command finds the workspace
and its keys, and reports. The rows are indistinguishable from real ones: run it
against a load-test database, never production.
"""

import time
from argparse import ArgumentParser
from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Membership, Workspace
from audit.credentials import ApiKey
from audit.synthetic import Sender, request_logs_generate

MAX_KEYS = 5
# Beyond any load test, and short of what a typo can do: a span of centuries
# would overflow the date or make a partition for each of its months, and a
# row count past this would run for days inside one transaction.
MAX_ROWS = 100_000_000
MAX_DAYS = 3660


def workspace_find(identifier: str) -> Workspace:
    """A workspace by public id (ws_...), or the first one an email address owns."""
    if "@" in identifier:
        membership = (
            Membership.objects.filter(
                user__email__iexact=identifier.strip(), role=Membership.Role.OWNER
            )
            .select_related("workspace")
            .order_by("id")
            .first()
        )
        workspace = membership.workspace if membership else None
    else:
        workspace = Workspace.objects.filter(public_id=identifier.strip()).first()
    if workspace is None:
        raise CommandError(
            f"No workspace is “{identifier}” (give a ws_... id or an owner's email)."
        )
    return workspace


def senders_of(workspace: Workspace) -> list[Sender]:
    """The workspace's newest active keys, which the rows are attributed to."""
    keys = (
        ApiKey.objects.active()
        .filter(workspace=workspace)
        .order_by("-created_at")
        .values_list("pk", "created_by_id", "livemode")[:MAX_KEYS]
    )
    senders = [Sender(*key) for key in keys]
    if not senders:
        raise CommandError(
            f"{workspace.public_id} has no active API key: create one first (create_api_key)."
        )
    return senders


class Command(BaseCommand):
    help = "Insert synthetic request logs for a workspace (load and EXPLAIN checks)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--workspace", required=True, help="ws_... id or the owner's email")
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--days", type=int, default=30, help="spread over the last N days")
        parser.add_argument(
            "--chunk-size", type=int, default=1_000_000, help="rows per INSERT on PostgreSQL"
        )

    def handle(
        self, *args: Any, workspace: str, rows: int, days: int, chunk_size: int, **options: Any
    ) -> None:
        if rows < 1 or days < 1 or chunk_size < 1:
            raise CommandError("--rows, --days and --chunk-size must be positive.")
        if rows > MAX_ROWS or days > MAX_DAYS:
            raise CommandError(f"At most --rows {MAX_ROWS:,} and --days {MAX_DAYS:,}.")
        target = workspace_find(workspace)
        senders = senders_of(target)
        started = time.monotonic()

        def progress(done: int) -> None:
            elapsed = time.monotonic() - started
            self.stderr.write(f"  {done:,} / {rows:,} rows ({elapsed:.1f} s)")

        request_logs_generate(
            workspace=target,
            senders=senders,
            rows=rows,
            span=timedelta(days=days),
            chunk_size=chunk_size,
            progress=progress,
        )
        self.stdout.write(
            f"Generated {rows:,} request logs for {target.public_id} over {days} days "
            f"in {time.monotonic() - started:.1f} s (tables analyzed)."
        )
