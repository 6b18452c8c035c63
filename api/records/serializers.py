"""The record resource's shapes.

`fields` is the API's name, and it shadows Serializer's own `fields` in the
stubs: DRF's metaclass takes declared fields off the class, so at run time
nothing is shadowed, hence the `assignment` ignores.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import Record
from api.pagination import page_serializer
from api.records.fields import validate_fields
from api.serializers import NeverPartialSerializer, data_serializer


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": True,
        "description": (
            "Any JSON object: at most 64 KB (65,536 bytes) as stored, i.e. serialised "
            "with ASCII escapes and numbers written out in full; at most 8 levels deep; "
            "no NUL characters or lone surrogates in any text."
        ),
        "example": {"email": "ada@example.com", "name": "Ada Lovelace"},
    }
)
class FieldsField(serializers.JSONField):
    """A record's free-form data. Validated by the rules in api.records.fields."""


class RecordSerializer(serializers.Serializer[Record]):
    id = serializers.CharField(source="public_id", read_only=True, help_text="rec_...")
    fields = FieldsField(read_only=True)  # type: ignore[assignment]
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


RecordResponseSerializer = data_serializer("RecordResponseSerializer", RecordSerializer)


RecordListResponseSerializer = page_serializer("RecordListResponseSerializer", RecordSerializer)


class RecordCreateSerializer(serializers.Serializer[Any]):
    fields = FieldsField(validators=[validate_fields])  # type: ignore[assignment]


class RecordUpdateSerializer(NeverPartialSerializer):
    # A PATCH body is not a partial record: it must name `fields`, which are then merged.

    fields = FieldsField(  # type: ignore[assignment]
        validators=[validate_fields],
        help_text=(
            "Merged into the record's fields, one level deep: each key given replaces "
            "the stored value, a key set to null is removed, keys not given are kept."
        ),
    )
