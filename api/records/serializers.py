from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

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


class RecordSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id", read_only=True, help_text="rec_...")
    fields = FieldsField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class RecordResponseSerializer(serializers.Serializer):
    data = RecordSerializer()


class RecordListResponseSerializer(PageSerializer):
    data = RecordSerializer(many=True)


class RecordCreateSerializer(serializers.Serializer):
    fields = FieldsField(validators=[validate_fields])


class RecordUpdateSerializer(serializers.Serializer):
    # A PATCH body is not a partial record: it must name `fields`, which are then
    # merged. `partial` is pinned to False so that the schema (which treats every
    # PATCH body as partial) documents `fields` as required, as the view enforces.

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value) -> None:
        pass

    fields = FieldsField(
        validators=[validate_fields],
        help_text=(
            "Merged into the record's fields, one level deep: each key given replaces "
            "the stored value, a key set to null is removed, keys not given are kept."
        ),
    )
