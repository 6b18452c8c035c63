from rest_framework import serializers


class UserSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id", read_only=True)
    email = serializers.EmailField(read_only=True)
    name = serializers.CharField(read_only=True)


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Machine-readable, e.g. authentication_failed")
    message = serializers.CharField(help_text="Human-readable, e.g. Invalid API key provided")
    status = serializers.IntegerField(help_text="The HTTP status code")
    details = serializers.DictField(
        required=False, help_text="Per-field messages, on validation_error only"
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
