"""The lean request log: few indexes, and nothing it names ever walks it on delete."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import RequestLog

postgresql_only = pytest.mark.postgresql  # PostgreSQL's indexes and keys


def test_deleting_a_user_and_a_workspace_never_touches_the_log(alice, workspace, make_key):
    key, _ = make_key(alice)
    RequestLog.objects.bulk_create(
        RequestLog(
            request_id=f"req_{i}",
            workspace=workspace,
            api_key=key,
            user=alice,
            livemode=True,
            method="GET",
            path="/v1/users/me",
            status=200,
        )
        for i in range(500)
    )

    user_id, workspace_id = alice.pk, workspace.pk
    with CaptureQueriesContext(connection) as captured:
        alice.delete()
        workspace.delete()

    touching = [q["sql"] for q in captured if "audit_requestlog" in q["sql"]]
    assert touching == []
    # The rows outlive what they name, ids and all.
    assert RequestLog.objects.filter(workspace_id=workspace_id, user_id=user_id).count() == 500


@postgresql_only
@pytest.mark.django_db
def test_the_log_has_at_most_five_indexes_and_no_foreign_keys():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'audit_requestlog'"
        )
        indexes = dict(cursor.fetchall())
        cursor.execute(
            "SELECT count(*) FROM pg_constraint"
            " WHERE conrelid = 'audit_requestlog'::regclass AND contype = 'f'"
        )
        foreign_keys = cursor.fetchone()[0]

    assert len(indexes) <= 5, sorted(indexes)
    assert not [name for name in indexes if name.endswith("_like")]
    assert "(id, created_at)" in indexes["audit_requestlog_pkey"]
    assert any("livemode" in definition for definition in indexes.values())
    assert foreign_keys == 0
