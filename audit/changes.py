"""The before/after diff an audit event records for an edit:

    {"name": {"from": "Nightly sync", "to": "Hourly sync"}}

one entry per field that changed, none for those that did not. Values are
compared as the row holds them and recorded as JSON can keep them: a time as
ISO 8601 text. Every service that edits a recorded row (a key, an OAuth app)
spells its event's `changes` this way.
"""

import copy
from collections.abc import Iterable, Mapping
from datetime import date, time
from typing import TypedDict

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


def _recorded(value: object) -> object:
    return value.isoformat() if isinstance(value, date | time) else value
