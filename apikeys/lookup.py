"""The key lookup that every API request makes, as one precompiled statement.

Why not the ORM here: building `select_related("workspace", "created_by")
.filter(digest=...)` costs about half a millisecond of Python on every
request, some twenty times what the indexed query itself costs, and it was
the largest single share of an API request's time (`python -m bench.api_requests`).
This module writes the same SELECT ... JOIN once per database connection
from the models' own metadata, and turns rows into model instances with the
backend's and the fields' own converters, as the ORM does.
"""

from django.db import connections

from accounts.models import Membership, User, Workspace


class _Statement:
    def __init__(self, connection, model):
        quote = connection.ops.quote_name
        self.parts = [
            (model, None),
            (Workspace, model._meta.get_field("workspace")),
            (User, model._meta.get_field("created_by")),
        ]
        columns, joins, self.converters = [], [], []
        base = model._meta.db_table
        for index, (part, relation) in enumerate(self.parts):
            alias = f"t{index}"
            fields = part._meta.concrete_fields
            columns += [f"{alias}.{quote(field.column)}" for field in fields]
            self.converters.append([self._converters(connection, field) for field in fields])
            if relation is not None:
                joins.append(
                    f"INNER JOIN {quote(part._meta.db_table)} {alias} "
                    f"ON {alias}.{quote(part._meta.pk.column)} = t0.{quote(relation.column)}"
                )
        # The creator's membership of the key's workspace, if they still have one.
        member, key = Membership._meta, model._meta
        columns.append(f"m.{quote(member.get_field('role').column)}")
        joins.append(
            f"LEFT JOIN {quote(member.db_table)} m ON m.{quote(member.get_field('user').column)}"
            f" = t0.{quote(key.get_field('created_by').column)}"
            f" AND m.{quote(member.get_field('workspace').column)}"
            f" = t0.{quote(key.get_field('workspace').column)}"
        )
        # Identifiers only, from the models' metadata and quoted; the digest is a parameter.
        select = f"SELECT {', '.join(columns)} FROM {quote(base)} t0 {' '.join(joins)}"  # noqa: S608
        self.sql = f"{select} WHERE t0.{quote('digest')} = %s AND t0.{quote('revoked_at')} IS NULL"

    @staticmethod
    def _converters(connection, field):
        column = field.get_col(field.model._meta.db_table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        return column, converters

    def build(self, connection, row):
        instances, offset = [], 0
        for (part, _), fields in zip(self.parts, self.converters, strict=True):
            values = []
            for (column, converters), value in zip(fields, row[offset:], strict=False):
                for convert in converters:
                    value = convert(value, column, connection)
                values.append(value)
            offset += len(fields)
            names = [field.attname for field in part._meta.concrete_fields]
            instances.append(part.from_db(connection.alias, names, values))
        key, workspace, user = instances
        for (_, relation), related in zip(self.parts[1:], (workspace, user), strict=True):
            relation.set_cached_value(key, related)
        key.creator_role = row[offset]
        return key


_statements: dict[str, _Statement] = {}


def active_key_by_digest(model, digest: str, using: str = "default"):
    """The unrevoked key with this digest, its workspace and creator loaded, and the
    creator's role in the workspace (`creator_role`, None if they left), or None."""
    connection = connections[using]
    statement = _statements.get(connection.alias)
    if statement is None:
        statement = _statements[connection.alias] = _Statement(connection, model)
    with connection.cursor() as cursor:
        cursor.execute(statement.sql, [digest])
        row = cursor.fetchone()
    return statement.build(connection, row) if row is not None else None
