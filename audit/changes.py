"""The before/after diff an audit event records for an edit:

    {"name": {"from": "Nightly sync", "to": "Hourly sync"}}

one entry per field that changed, none for those that did not. Values are
compared as the row holds them and recorded as JSON can keep them: a time as
ISO 8601 text, a related row by its name. A secret is recorded as "changed",
never by value. Every service that edits a recorded row (a key, an OAuth app)
spells its event's `changes` this way.
"""

import copy
from collections.abc import Collection, Iterable, Mapping
from datetime import date, time
from typing import Literal, TypedDict

from django.db.models import Model

# "from" is a keyword, hence the functional form.
FieldChange = TypedDict("FieldChange", {"from": object, "to": object})


def field_values(instance: object, fields: Iterable[str]) -> dict[str, object]:
    """The fields' values now: the `before` of a later `changed_fields`. Copied, so a
    list the edit then changes in place (a JSON field) still shows as changed."""
    return {field: copy.copy(getattr(instance, field)) for field in fields}


def changed_fields(before: Mapping[str, object], instance: object) -> dict[str, FieldChange]:
    """Each field of `before` whose value on `instance` differs now, from old to new."""
    changes: dict[str, FieldChange] = {}
    for field, old in before.items():
        new = getattr(instance, field)
        if new != old:
            changes[field] = {"from": _recorded(old), "to": _recorded(new)}
    return changes


def changed_fields_with_secrets(
    before: Mapping[str, object], instance: object, *, secrets: Collection[str]
) -> dict[str, FieldChange | Literal["changed"]]:
    """`changed_fields`, but a field named in `secrets` is "changed" whenever it was
    edited at all: comparing would tell whoever reads the event whether the new
    secret equals the old one."""
    diff = changed_fields({f: v for f, v in before.items() if f not in secrets}, instance)
    return {
        field: "changed" if field in secrets else diff[field]
        for field in before
        if field in secrets or field in diff
    }


def _recorded(value: object) -> object:
    if isinstance(value, Model):
        return str(value)
    return value.isoformat() if isinstance(value, date | time) else value
