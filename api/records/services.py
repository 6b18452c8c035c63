"""Writes to records. A record takes its workspace from its module and its mode
from the credential that wrote it; nothing in a request body can set either."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from api.models import Module, Record
from api.records.fields import validate_fields

# A record's fields are a JSON object: names to any JSON value.
Fields = dict[str, Any]


def record_create(*, module: Module, livemode: bool, fields: Fields) -> Record:
    _check(fields)
    return Record.objects.create(
        module=module, workspace_id=module.workspace_id, livemode=livemode, fields=fields
    )


@transaction.atomic
def record_update(*, record: Record, fields: Fields) -> Record:
    """Merge `fields` into the record's, one level deep; a key set to null is removed.

    The row is locked while merging, so two concurrent updates to different keys
    both survive. The merged result obeys the same limits as a new record.
    """
    locked = Record.objects.select_for_update().get(pk=record.pk)
    merged = {**locked.fields, **fields}
    for key in [key for key, value in fields.items() if value is None]:
        del merged[key]
    _check(merged)
    locked.fields = merged
    locked.updated_at = timezone.now()
    locked.save(update_fields=["fields", "updated_at"])
    return locked


def record_delete(*, record: Record) -> None:
    record.delete()


def _check(fields: Fields) -> None:
    try:
        validate_fields(fields)
    except ValidationError as error:
        raise ValidationError({"fields": error.detail}) from error
