"""The credential lookup every API request makes, as one precompiled statement.

Why not the ORM here: building `select_related(...).annotate(...).filter(...)`
costs about half a millisecond of Python on every request (more for an OAuth
token's subquery), many times what the indexed query itself costs, and it was
the largest single share of an API request's time (`python -m bench.per_request`).
A CredentialLookup writes the same SELECT ... JOIN once per database
connection from the models' own metadata and turns a row into model
instances with the backend's and the fields' own converters, as the ORM does.
It reads from the database the router names for the credential's model.

It also reads, in the same statement, the role of the credential's user in the
credential's workspace (None once they left it): a credential acts as its
user, and stops with their membership.
"""

import weakref
from dataclasses import dataclass

from django.db import connections, router
from django.db.models import Model

from accounts.models import Membership


@dataclass(frozen=True)
class CredentialLookup:
    """Credentials of `model` by one indexed column, with `relations` loaded.

    `relations`: names of the model's foreign keys to load (a nullable one is a
    LEFT JOIN and loads as None when empty). `member`: the names of the foreign
    keys to the user and to the workspace whose membership role is read (set on
    the instance as `role_attribute`). `unset`: fields that must be NULL (e.g.
    `revoked_at`).
    """

    model: type[Model]
    column: str
    relations: tuple[str, ...]
    member: tuple[str, str]
    role_attribute: str
    unset: tuple[str, ...] = ()

    def get(self, value: str) -> Model | None:
        connection = connections[router.db_for_read(self.model)]
        compiled_here = _statements.setdefault(connection, {})
        compiled = compiled_here.get(self)
        if compiled is None:
            compiled = compiled_here[self] = _Statement(connection, self)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, [value])
            row = cursor.fetchone()
        return compiled.build(connection, row) if row is not None else None


class _Statement:
    def __init__(self, connection, lookup: CredentialLookup):
        quote = connection.ops.quote_name
        model = lookup.model
        self.relations = [model._meta.get_field(name) for name in lookup.relations]
        self.parts = [model] + [relation.related_model for relation in self.relations]
        self.role_attribute = lookup.role_attribute
        columns, joins, self.converters = [], [], []
        for index, part in enumerate(self.parts):
            alias = f"t{index}"
            fields = part._meta.concrete_fields
            columns += [f"{alias}.{quote(field.column)}" for field in fields]
            self.converters.append([_converters(connection, field) for field in fields])
            if index:
                relation = self.relations[index - 1]
                kind = "LEFT JOIN" if relation.null else "INNER JOIN"
                joins.append(
                    f"{kind} {quote(part._meta.db_table)} {alias} "
                    f"ON {alias}.{quote(part._meta.pk.column)} = t0.{quote(relation.column)}"
                )
        member, user_field, workspace_field = (
            Membership._meta,
            model._meta.get_field(lookup.member[0]),
            model._meta.get_field(lookup.member[1]),
        )
        columns.append(f"m.{quote(member.get_field('role').column)}")
        joins.append(
            f"LEFT JOIN {quote(member.db_table)} m ON m.{quote(member.get_field('user').column)}"
            f" = t0.{quote(user_field.column)}"
            f" AND m.{quote(member.get_field('workspace').column)}"
            f" = t0.{quote(workspace_field.column)}"
        )
        where = f"t0.{quote(model._meta.get_field(lookup.column).column)} = %s"
        for name in lookup.unset:
            where += f" AND t0.{quote(model._meta.get_field(name).column)} IS NULL"
        # Identifiers only, from the models' metadata and quoted; the value is a parameter.
        table = quote(model._meta.db_table)
        self.sql = f"SELECT {', '.join(columns)} FROM {table} t0 {' '.join(joins)} WHERE {where}"  # noqa: S608

    def build(self, connection, row):
        instances, offset = [], 0
        for part, fields in zip(self.parts, self.converters, strict=True):
            values = []
            for (column, converters), value in zip(fields, row[offset:], strict=False):
                for convert in converters:
                    value = convert(value, column, connection)
                values.append(value)
            offset += len(fields)
            if part is not self.parts[0] and values[_pk_index(part)] is None:
                instances.append(None)  # an empty nullable relation (LEFT JOIN)
                continue
            names = [field.attname for field in part._meta.concrete_fields]
            instances.append(part.from_db(connection.alias, names, values))
        credential = instances[0]
        for relation, related in zip(self.relations, instances[1:], strict=True):
            relation.set_cached_value(credential, related)
        setattr(credential, self.role_attribute, row[offset])
        return credential


def _pk_index(model) -> int:
    return model._meta.concrete_fields.index(model._meta.pk)


def _converters(connection, field):
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    return column, converters


# Per connection object (one per thread), so converters bind to the connection that runs them.
_statements: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
