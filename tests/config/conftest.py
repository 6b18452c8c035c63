"""What an attacker with a copy of the database would see: every row of every table."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.db import connection

KEY_FORM = {
    "name": "Production Integration",
    "environment": "live",
    "permissions": ["read", "write"],
    "allowed_ips": "",
    "expires_at": "",
}


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


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client
