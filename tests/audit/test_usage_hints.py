"""Settings > API > Usage: idle keys to revoke, and keys holding permissions they never use."""

from datetime import UTC, datetime, timedelta

import time_machine

from tests.audit.usage_rows import key_row_html as row_of

NOW = datetime(2026, 3, 10, 12, 30, tzinfo=UTC)
URL = "/settings/api/usage/"
REVOKE = "a candidate to revoke"
REDUCE = "a read-only key would do"


def at(moment, action, *args, **kwargs):
    with time_machine.travel(moment, tick=False):
        return action(*args, **kwargs)


def usage_page(web) -> str:
    return at(NOW, web.get, URL).content.decode()


def test_a_key_created_over_30_days_ago_and_never_used_is_a_candidate_to_revoke(
    web, alice, make_key
):
    key, _ = at(NOW - timedelta(days=31), make_key, alice, name="Forgotten")

    row = row_of(usage_page(web), key)

    assert REVOKE in row
    assert f'href="/settings/api/keys/{key.public_id}/"' in row


def test_a_key_last_used_over_30_days_ago_is_a_candidate_to_revoke(web, alice, key_client):
    client = at(NOW - timedelta(days=60), key_client, alice)
    at(NOW - timedelta(days=31), client.get, "/v1/users/me")

    assert REVOKE in row_of(usage_page(web), client.key)


def test_a_key_used_within_30_days_is_not(web, alice, key_client):
    client = at(NOW - timedelta(days=60), key_client, alice)
    at(NOW - timedelta(days=29), client.get, "/v1/users/me")

    assert REVOKE not in row_of(usage_page(web), client.key)


def test_a_new_key_never_used_yet_is_not(web, alice, make_key):
    key, _ = at(NOW - timedelta(days=3), make_key, alice)

    assert REVOKE not in row_of(usage_page(web), key)


def test_a_write_key_that_only_read_gets_a_hint_to_reduce_its_permissions(web, alice, key_client):
    client = at(NOW - timedelta(days=40), key_client, alice, permissions=["read", "write"])
    at(NOW - timedelta(days=2), client.get, "/v1/users/me")
    at(NOW - timedelta(days=1), client.get, "/v1/modules/contacts/records")

    row = row_of(usage_page(web), client.key)

    assert REDUCE in row
    assert "it holds write:" in row
    assert f'href="/settings/api/keys/{client.key.public_id}/edit/"' in row


def test_a_key_that_wrote_within_30_days_gets_no_hint(web, alice, key_client):
    client = at(NOW - timedelta(days=40), key_client, alice, permissions=["read", "write"])
    at(
        NOW - timedelta(days=20),
        client.post,
        "/v1/modules/contacts/records",
        {"fields": {"name": "Ada"}},
        format="json",
    )
    at(NOW - timedelta(days=1), client.get, "/v1/users/me")

    assert REDUCE not in row_of(usage_page(web), client.key)


def test_a_write_from_over_30_days_ago_does_not_count(web, alice, key_client):
    client = at(NOW - timedelta(days=40), key_client, alice, permissions=["read", "write"])
    at(
        NOW - timedelta(days=35),
        client.post,
        "/v1/modules/contacts/records",
        {"fields": {"name": "Ada"}},
        format="json",
    )
    at(NOW - timedelta(days=1), client.get, "/v1/users/me")

    assert REDUCE in row_of(usage_page(web), client.key)


def test_an_admin_key_reading_the_audit_logs_uses_its_admin_permission(web, alice, key_client):
    from audit.models import RequestLog

    client = at(NOW - timedelta(days=40), key_client, alice, permissions=["admin"])
    at(NOW - timedelta(days=1), client.get, "/v1/users/me")
    RequestLog.objects.create(
        request_id="req_test",
        workspace=client.key.workspace,
        api_key=client.key,
        method="GET",
        path="/v1/audit-logs",
        status=200,
        created_at=NOW - timedelta(days=2),
    )

    assert REDUCE not in row_of(usage_page(web), client.key)


def test_a_read_only_key_gets_no_hint(web, alice, key_client):
    client = at(NOW - timedelta(days=40), key_client, alice, permissions=["read"])
    at(NOW - timedelta(days=1), client.get, "/v1/users/me")

    row = row_of(usage_page(web), client.key)

    assert REDUCE not in row
    assert REVOKE not in row
