from collections.abc import Mapping
from typing import Any

from rest_framework import serializers

from accounts.models import User


# Any: a body serializer validates a request body; it is never given an instance.
class StrictBodySerializer(serializers.Serializer[Any]):
    # A request body that refuses fields it does not know: a typo such as
    # `permisions` in a PATCH would otherwise change nothing and answer 200;
    # refusing it names the mistake (400 validation_error). Comments, not a
    # docstring: the schema would show an inherited docstring on every body.

    # Text is text: DRF's CharField would turn `"name": -111` into "-111", which
    # the schema (type: string) says is refused.

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields))
            errors = {name: ["Unknown field."] for name in unknown}
            errors |= {
                name: ["Not a valid string."]
                for name, field in self.fields.items()
                if isinstance(field, serializers.CharField)
                and data.get(name) is not None
                and not isinstance(data[name], str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class NeverPartialSerializer(serializers.Serializer[Any]):
    # A PATCH body that must name its fields (`{"role": ...}`, a record's
    # `{"fields": ...}`): it is not a partial object. The schema generator marks
    # every PATCH body partial; `partial` is pinned to False so that the document
    # says what the view enforces.

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


class RequiredInPatchSerializer(StrictBodySerializer, NeverPartialSerializer):
    # A strict PATCH body whose fields are required (`{"role": ...}`, `{"name": ...}`).
    pass


def data_serializer(
    name: str, item: type[serializers.BaseSerializer[Any]]
) -> type[serializers.Serializer[Any]]:
    """The schema of a single answer, `{"data": item}`, named `name` (the OpenAPI
    component's name); lists are `api.pagination.page_serializer`'s.

    Built rather than declared: a field named `data` in a class body would read
    to a type checker as an override of Serializer.data."""
    return type(name, (serializers.Serializer,), {"data": item()})


class UserSerializer(serializers.Serializer[User]):
    id = serializers.CharField(source="public_id", read_only=True)
    email = serializers.EmailField(read_only=True)
    name = serializers.CharField(read_only=True)


# The envelope's shape, for the schema: the handler writes the envelope itself.
class ErrorDetailSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Machine-readable, e.g. authentication_failed")
    message = serializers.CharField(help_text="Human-readable, e.g. Invalid API key provided")
    status = serializers.IntegerField(help_text="The HTTP status code")
    details = serializers.DictField(
        required=False,
        help_text="Per-field messages (validation_error); `required` and `granted` "
        "(insufficient_permissions)",
    )
    reason = serializers.CharField(
        required=False,
        help_text="Which workspace rule refused the action, on insufficient_permissions only",
    )


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()
