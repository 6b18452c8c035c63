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

Each credential model builds its lookup once, at import (apikeys.models,
oauthapps.models); a lookup keeps its compiled statement per connection object.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import connections, router
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, ForeignKey, Model
from django.db.models.expressions import Col

from accounts.models import Membership

CredentialT = TypeVar("CredentialT", bound=Model)

# What the ORM calls to turn a column's raw value into the field's: (value, column, connection).
Converter = Callable[[Any, Col, BaseDatabaseWrapper], Any]


@dataclass(frozen=True, eq=False)
class CredentialLookup(Generic[CredentialT]):
    """Credentials of `model` by one indexed column, with `relations` loaded.

    `relations`: names of the model's foreign keys to load (a nullable one is a
    LEFT JOIN and loads as None when empty). `member`: the names of the foreign
    keys to the user and to the workspace whose membership role is read (set on
    the instance as `role_attribute`). `unset`: fields that must be NULL (e.g.
    `revoked_at`).
    """

    model: type[CredentialT]
    column: str
    relations: tuple[str, ...]
    member: tuple[str, str]
    role_attribute: str
    unset: tuple[str, ...] = ()
    # Per connection object (one per thread), so converters bind to the connection that runs them.
    _statements: weakref.WeakKeyDictionary[BaseDatabaseWrapper, _Statement[CredentialT]] = field(
        default_factory=weakref.WeakKeyDictionary, init=False, repr=False
    )

    def get(self, value: str) -> CredentialT | None:
        connection = connections[router.db_for_read(self.model)]
        statement = self._statements.get(connection)
        if statement is None:
            statement = self._statements[connection] = _Statement(connection, self)
        with connection.cursor() as cursor:
            cursor.execute(statement.sql, [value])
            row = cursor.fetchone()
        return statement.build(connection, row) if row is not None else None


@dataclass(frozen=True)
class _Part:
    """One model of the statement: where its columns start in the row, and how to read them."""

    model: type[Model]
    offset: int
    converters: list[tuple[Col, list[Converter]]]
    names: list[str]  # the attribute name of each column, for Model.from_db
    pk_index: int

    @classmethod
    def of(cls, connection: BaseDatabaseWrapper, model: type[Model], offset: int) -> _Part:
        fields = model._meta.concrete_fields
        return cls(
            model,
            offset,
            converters=[_converters(connection, field) for field in fields],
            names=[field.attname for field in fields],
            pk_index=fields.index(model._meta.pk),
        )

    def instance(self, connection: BaseDatabaseWrapper, row: Sequence[Any]) -> Model | None:
        values = []
        for index, (column, converters) in enumerate(self.converters, start=self.offset):
            value = row[index]
            for convert in converters:
                value = convert(value, column, connection)
            values.append(value)
        if values[self.pk_index] is None:
            return None  # an empty nullable relation (LEFT JOIN)
        return self.model.from_db(connection.alias, self.names, values)


class _Statement(Generic[CredentialT]):
    def __init__(self, connection: BaseDatabaseWrapper, lookup: CredentialLookup[CredentialT]):
        quote = connection.ops.quote_name
        model = lookup.model
        self.model = model
        self.relations = [_foreign_key(model, name) for name in lookup.relations]
        self.role_attribute = lookup.role_attribute
        self.parts: list[_Part] = []
        columns: list[str] = []
        joins: list[str] = []
        loaded: list[type[Model]] = [model, *(_target(fk) for fk in self.relations)]
        for index, part in enumerate(loaded):
            alias = f"t{index}"
            self.parts.append(_Part.of(connection, part, offset=len(columns)))
            columns += [f"{alias}.{quote(field.column)}" for field in part._meta.concrete_fields]
            if index:
                relation = self.relations[index - 1]
                kind = "LEFT JOIN" if relation.null else "INNER JOIN"
                joins.append(
                    f"{kind} {quote(part._meta.db_table)} {alias} "
                    f"ON {alias}.{quote(part._meta.pk.column)} = t0.{quote(relation.column)}"
                )
        self.role_index = len(columns)
        member = Membership._meta
        columns.append(f"m.{quote(_column(Membership, 'role'))}")
        joins.append(
            f"LEFT JOIN {quote(member.db_table)} m ON m.{quote(_column(Membership, 'user'))}"
            f" = t0.{quote(_column(model, lookup.member[0]))}"
            f" AND m.{quote(_column(Membership, 'workspace'))}"
            f" = t0.{quote(_column(model, lookup.member[1]))}"
        )
        where = f"t0.{quote(_column(model, lookup.column))} = %s"
        for name in lookup.unset:
            where += f" AND t0.{quote(_column(model, name))} IS NULL"
        # Identifiers only, from the models' metadata and quoted; the value is a parameter.
        table = quote(model._meta.db_table)
        self.sql = f"SELECT {', '.join(columns)} FROM {table} t0 {' '.join(joins)} WHERE {where}"  # noqa: S608

    def build(self, connection: BaseDatabaseWrapper, row: Sequence[Any]) -> CredentialT:
        credential = self.parts[0].instance(connection, row)
        if not isinstance(credential, self.model):
            raise TypeError(f"{self.model.__name__} row without a primary key")
        for relation, part in zip(self.relations, self.parts[1:], strict=True):
            relation.set_cached_value(credential, part.instance(connection, row))
        setattr(credential, self.role_attribute, row[self.role_index])
        return credential


def _foreign_key(model: type[Model], name: str) -> ForeignKey[Any, Any]:
    relation = model._meta.get_field(name)
    if not isinstance(relation, ForeignKey):
        raise TypeError(f"{model.__name__}.{name} is not a foreign key")
    return relation


def _target(relation: ForeignKey[Any, Any]) -> type[Model]:
    target = relation.related_model
    if not isinstance(target, type):
        raise TypeError(f"{relation} points at no model class")
    return target


def _column(model: type[Model], name: str) -> str:
    concrete = model._meta.get_field(name)
    if not isinstance(concrete, Field):
        raise TypeError(f"{model.__name__}.{name} has no column")
    return concrete.column


def _converters(
    connection: BaseDatabaseWrapper, field: Field[Any, Any]
) -> tuple[Col, list[Converter]]:
    column = field.get_col(field.model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    return column, converters
