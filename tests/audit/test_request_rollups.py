"""RequestRollup equals the raw request log, whatever wrote the rows (both databases)."""

import random
from collections import Counter
from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.db.models import F

from audit.models import RequestLog, RequestRollup
from audit.statuses import READ_METHODS
from tests.audit.conftest import NOON

STATUSES = (200, 201, 204, 302, 400, 403, 404, 429, 500, 503)
METHODS = ("GET", "HEAD", "POST", "PATCH", "DELETE")
PATHS = ("/v1/users/me", "/v1/audit-logs", "/v1/modules/contacts/records")


def expected() -> Counter:
    """The rollups, computed in Python from the raw rows (attributed ones only)."""
    sums = Counter()
    for row in RequestLog.objects.exclude(workspace=None):
        slot = (
            row.workspace_id,
            row.created_at.replace(minute=0, second=0, microsecond=0),
            row.livemode,
            row.api_key_id or 0,
            row.oauth_application_id or 0,
        )
        bucket = "429" if row.status == 429 else "2xx" if row.status < 400 else row.status_class
        privileged = row.method not in READ_METHODS or row.path.startswith("/v1/audit-logs")
        for name, counted in (("requests", True), (bucket, True), ("privileged", privileged)):
            if counted:
                sums[(*slot, name)] += row.count
    return sums


def actual() -> Counter:
    sums = Counter()
    for rollup in RequestRollup.objects.all():
        slot = (
            rollup.workspace_id,
            rollup.hour,
            rollup.livemode,
            rollup.api_key_id,
            rollup.oauth_application_id,
        )
        for name in ("requests", "2xx", "4xx", "5xx", "429", "privileged"):
            column = name if name in ("requests", "privileged") else f"status_{name}"
            if getattr(rollup, column):
                sums[(*slot, name)] += getattr(rollup, column)
    return sums


def test_rollups_equal_a_random_mix_of_rows_folded_ones_included(make_log, alice, make_key):
    draw = random.Random(10)  # seeded: the same mix every run
    live, _ = make_key(alice, name="Live")
    sandbox, _ = make_key(alice, name="Sandbox", livemode=False)
    credentials = [{"api_key": live}, {"api_key": sandbox, "livemode": False}, {}]
    rows = []
    for i in range(300):
        fields = dict(draw.choice(credentials))
        if i % 17 == 0:
            fields["workspace"] = None  # unattributed: not rolled up
        rows.append(
            make_log(
                status=draw.choice(STATUSES),
                method=draw.choice(METHODS),
                path=draw.choice(PATHS),
                created_at=NOON + timedelta(minutes=draw.randrange(60 * 30)),
                **fields,
            )
        )
    for row in draw.sample(rows, 40):  # folds: a row's count grows in place
        RequestLog.objects.filter(pk=row.pk).update(count=F("count") + draw.randrange(1, 5))

    assert actual() == expected()
    assert sum(r.requests for r in RequestRollup.objects.all()) == sum(
        RequestLog.objects.exclude(workspace=None).values_list("count", flat=True)
    )


def test_an_unchanged_count_adds_nothing(make_log):
    row = make_log()
    RequestLog.objects.filter(pk=row.pk).update(count=F("count"), status=500)

    assert RequestRollup.objects.get().requests == 1


def test_generated_logs_are_rolled_up(alice, make_key):
    make_key(alice, name="Live")
    make_key(alice, name="Sandbox", livemode=False)
    call_command(
        "generate_request_logs",
        *("--workspace", "alice@example.com", "--rows", "1500", "--days", "2"),
        stdout=StringIO(),
        stderr=StringIO(),
    )

    assert actual() == expected()
    assert sum(RequestRollup.objects.values_list("requests", flat=True)) == 1500
