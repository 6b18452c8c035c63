"""The INSERT of a request log row, as one precompiled statement.

Why not `RequestLog.save()`: the ORM compiles the same INSERT anew for every
row, which cost about a quarter of an API request's time
(`python -m bench.api_requests`); the statement never changes, so it is
written once per database connection from the model's metadata, and each
value is prepared by its field exactly as the ORM would.
"""

from django.db import connections

from audit.models import RequestLog

_statements: dict[str, tuple[str, list]] = {}


def _statement(connection) -> tuple[str, list]:
    if connection.alias not in _statements:
        quote = connection.ops.quote_name
        fields = [field for field in RequestLog._meta.concrete_fields if not field.primary_key]
        columns = ", ".join(quote(field.column) for field in fields)
        placeholders = ", ".join(["%s"] * len(fields))
        table = quote(RequestLog._meta.db_table)
        # Identifiers only, from the model's metadata and quoted; values are parameters.
        sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
        _statements[connection.alias] = (sql, fields)
    return _statements[connection.alias]


def request_log_insert(row: RequestLog, using: str = "default") -> None:
    """Write `row` in one statement, in autocommit; its id is not read back."""
    connection = connections[using]
    sql, fields = _statement(connection)
    params = [field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
