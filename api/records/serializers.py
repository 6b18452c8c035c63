"""The record resource's shapes.

`fields` and `data` are the API's names, and they shadow Serializer's own `fields`
and `data` in the stubs: DRF's metaclass takes declared fields off the class, so
at run time nothing is shadowed, hence the `assignment` ignores.
"""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.models import Record
from api.pagination import PageSerializer
from api.records.fields import validate_fields


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


class RecordResponseSerializer(serializers.Serializer[Any]):
    data = RecordSerializer()  # type: ignore[assignment]


class RecordListResponseSerializer(PageSerializer):
    data = RecordSerializer(many=True)  # type: ignore[assignment]


class RecordCreateSerializer(serializers.Serializer[Any]):
    fields = FieldsField(validators=[validate_fields])  # type: ignore[assignment]


class RecordUpdateSerializer(serializers.Serializer[Any]):
    # A PATCH body is not a partial record: it must name `fields`, which are then
    # merged. `partial` is pinned to False so that the schema (which treats every
    # PATCH body as partial) documents `fields` as required, as the view enforces.

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass

    fields = FieldsField(  # type: ignore[assignment]
        validators=[validate_fields],
        help_text=(
            "Merged into the record's fields, one level deep: each key given replaces "
            "the stored value, a key set to null is removed, keys not given are kept."
        ),
    )
