"""The PostgreSQL writer: one `INSERT ... SELECT ... FROM generate_series(...)` per
chunk, so the rows never leave the server and ten million take minutes, not hours.

The columns come from RequestLog's fields: each gets its expression below, else
its field default, else NULL, so a field added to the model is either filled or
reported here. The mix comes from `traffic` as arrays indexed by `width_bucket`.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from audit.models import RequestLog

from . import traffic
from .traffic import Sender

# Per field name, the SQL that fills it from one row `s` of the series: `s.g` its
# number from 0, `s.k` its key (1-based), `s.e` and `s.o` its endpoint and outcome,
# `s.r` a uniform draw.
EXPRESSIONS = {
    "request_id": "'req_' || substr(md5(s.g::text || %(salt)s), 1, 24)",
    "workspace": "%(workspace)s",
    "api_key": "(%(key_ids)s::bigint[])[s.k]",
    "user": "(%(user_ids)s::bigint[])[s.k]",
    "livemode": "(%(livemodes)s::boolean[])[s.k]",
    "method": "(%(methods)s::text[])[s.e]",
    "path": "replace((%(paths)s::text[])[s.e], '{record}',"
    " 'rec_' || lpad(to_hex(s.g %% %(records)s), 8, '0'))",
    "status": "coalesce((%(statuses)s::int[])[s.o], (%(successes)s::int[])[s.e])",
    "error_code": "(%(error_codes)s::text[])[s.o]",
    "ip": "(%(network)s || (1 + s.g %% %(addresses)s))::inet",
    "user_agent": "(%(agents)s::text[])[1 + s.g %% %(agent_count)s]",
    "latency_ms": "floor(%(fastest)s + s.r * s.r * %(tail)s)::int",
    "created_at": "%(start)s::timestamptz + make_interval(secs => (s.g + s.r) * %(spacing)s)",
}

SERIES = """(
    SELECT g, 1 + (g * %(key_stride)s) %% %(key_count)s AS k,
           width_bucket(random(), %(endpoint_bounds)s::float8[]) AS e,
           width_bucket(random(), %(outcome_bounds)s::float8[]) AS o,
           random() AS r
    FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
) AS s"""


def insert_statement() -> tuple[str, dict[str, Any]]:
    """The INSERT for every column of the table, and the defaults it binds."""
    fields = [field for field in RequestLog._meta.concrete_fields if not field.primary_key]
    unknown = EXPRESSIONS.keys() - {field.name for field in fields}
    if unknown:
        raise ImproperlyConfigured(f"RequestLog has no field {', '.join(sorted(unknown))}")
    columns, values, defaults = [], [], {}
    for field in fields:
        columns.append(connection.ops.quote_name(field.column))
        if field.name in EXPRESSIONS:
            values.append(EXPRESSIONS[field.name])
        elif field.has_default():
            defaults[f"default_{field.name}"] = field.get_db_prep_save(
                field.get_default(), connection
            )
            values.append(f"%(default_{field.name})s")
        elif field.null:
            values.append("NULL")
        else:
            raise ImproperlyConfigured(f"No synthetic value for RequestLog.{field.name}")
    table = connection.ops.quote_name(RequestLog._meta.db_table)
    sql = f"INSERT INTO {table} ({', '.join(columns)})\nSELECT {', '.join(values)}\nFROM {SERIES}"
    return sql, defaults


def mix_parameters() -> dict[str, Any]:
    """The traffic mix as the arrays and numbers the statement reads."""
    fastest, tail = traffic.LATENCY_MS
    return {
        "endpoint_bounds": traffic.ENDPOINT_BOUNDS,
        "methods": [endpoint.method for endpoint in traffic.ENDPOINTS],
        "paths": [endpoint.path for endpoint in traffic.ENDPOINTS],
        "successes": [endpoint.success for endpoint in traffic.ENDPOINTS],
        "outcome_bounds": traffic.OUTCOME_BOUNDS,
        "statuses": [outcome.status for outcome in traffic.OUTCOMES],
        "error_codes": [outcome.error_code for outcome in traffic.OUTCOMES],
        "records": traffic.RECORDS,
        "network": traffic.NETWORK,
        "addresses": traffic.ADDRESSES,
        "agents": list(traffic.USER_AGENTS),
        "agent_count": len(traffic.USER_AGENTS),
        "key_stride": traffic.KEY_STRIDE,
        "fastest": fastest,
        "tail": tail,
    }


def insert_in_database(
    *,
    workspace_id: int,
    senders: Sequence[Sender],
    rows: int,
    start: datetime,
    spacing_seconds: float,
    chunk_size: int,
    salt: str,
    progress: Callable[[int], None],
) -> None:
    sql, defaults = insert_statement()
    params = {
        **mix_parameters(),
        **defaults,
        "salt": salt,
        "workspace": workspace_id,
        "key_ids": [sender.key_id for sender in senders],
        "user_ids": [sender.user_id for sender in senders],
        "livemodes": [sender.livemode for sender in senders],
        "key_count": len(senders),
        "start": start,
        "spacing": spacing_seconds,
    }
    for first in range(0, rows, chunk_size):
        last = min(first + chunk_size, rows) - 1
        with connection.cursor() as cursor:
            cursor.execute(sql, {**params, "first": first, "last": last})
        progress(last + 1)
