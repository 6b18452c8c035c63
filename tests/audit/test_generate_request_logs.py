"""`manage.py generate_request_logs`: synthetic traffic for load and query-plan checks."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from audit.models import RequestLog


def generate(*args) -> str:
    out = StringIO()
    call_command("generate_request_logs", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def keys(alice, make_key):
    return [
        make_key(alice, name="Live", livemode=True)[0],
        make_key(alice, name="Sandbox", livemode=False)[0],
    ]


def test_it_fills_the_owners_workspace_with_the_rows_asked_for(alice, keys):
    output = generate("--workspace", "alice@example.com", "--rows", "1200", "--days", "3")

    workspace = alice.workspaces.get()
    rows = RequestLog.objects.filter(workspace=workspace)
    assert rows.count() == 1200
    assert "Generated 1,200 request logs" in output
    assert set(rows.values_list("api_key", flat=True)) == {key.pk for key in keys}
    assert set(rows.values_list("user", flat=True)) == {alice.pk}


def test_the_rows_look_like_real_traffic(alice, keys):
    generate("--workspace", alice.workspaces.get().public_id, "--rows", "2000", "--days", "7")

    rows = RequestLog.objects.all()
    statuses = set(rows.values_list("status", flat=True))
    assert rows.filter(status__lt=300).count() > 1500  # mostly successes
    assert {429, 404} <= statuses
    assert {"GET", "POST"} <= set(rows.values_list("method", flat=True))
    span = rows.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] <= timezone.now()
    assert span["last"] - span["first"] > timedelta(days=6)
    assert rows.exclude(livemode=True).exists()  # test keys' rows are sandbox rows


def test_it_leaves_the_tables_indexes_and_constraints_as_it_found_them(alice, keys):
    def constraints():
        with connection.cursor() as cursor:
            return connection.introspection.get_constraints(cursor, RequestLog._meta.db_table)

    before = constraints()
    generate("--workspace", "alice@example.com", "--rows", "500", "--chunk-size", "200")

    assert constraints() == before


def test_it_refuses_an_unknown_workspace(db):
    with pytest.raises(CommandError, match="No workspace"):
        generate("--workspace", "nobody@example.com", "--rows", "10")


def test_it_needs_a_key_to_attribute_the_rows_to(alice):
    with pytest.raises(CommandError, match="no active API key"):
        generate("--workspace", "alice@example.com", "--rows", "10")


def test_it_refuses_a_zero_row_count(alice, keys):
    with pytest.raises(CommandError, match="positive"):
        generate("--workspace", "alice@example.com", "--rows", "0")


@pytest.mark.parametrize(
    "args", [("--days", "1000000000"), ("--days", "100000"), ("--rows", "10000000000")]
)
def test_it_refuses_a_span_or_row_count_no_load_test_needs(alice, keys, args):
    with pytest.raises(CommandError, match="At most"):
        generate("--workspace", "alice@example.com", "--rows", "10", *args)
