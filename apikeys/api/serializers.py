"""What /v1/api-keys reads and answers. Types are checked here; what a key may be
(permissions, addresses, limits, expiry) is the model's and the services' to say."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.handover import LONGEST_HANDOVER
from api.pagination import ListParamsSerializer, page_serializer
from api.serializers import StrictBodySerializer, data_serializer
from apikeys.canonical import MAX_NETWORKS, PERMISSIONS
from apikeys.models import ApiKey, KeyStatus

ENVIRONMENTS = ("live", "test")
MAX_GRACE_SECONDS = int(LONGEST_HANDOVER.total_seconds())


class ApiKeySerializer(serializers.Serializer[ApiKey]):
    id = serializers.CharField(source="public_id", help_text="key_...")
    name = serializers.CharField()
    environment = serializers.ChoiceField(choices=ENVIRONMENTS)
    permissions = serializers.ListField(
        child=serializers.ChoiceField(choices=PERMISSIONS),
        help_text="`admin` implies the other three and is listed with them.",
    )
    allowed_ips = serializers.ListField(
        child=serializers.CharField(), help_text="Addresses or CIDRs; empty: anywhere."
    )
    hint = serializers.CharField(help_text="Not secret, e.g. `ck_live_AbC1…wxYz`.")
    status = serializers.ChoiceField(choices=KeyStatus.choices)
    rate_limit = serializers.IntegerField(
        allow_null=True, help_text="Requests per minute; null for the environment's default."
    )
    created_by = serializers.CharField(
        source="created_by.public_id", help_text="usr_... of the creator: the key acts as them."
    )
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="For a rolled key, when its grace period ends."
    )
    revoked_at = serializers.DateTimeField(allow_null=True)


class ApiKeyWithSecretSerializer(ApiKeySerializer):
    secret = serializers.SerializerMethodField()

    @extend_schema_field(
        serializers.CharField(help_text="The full key. Shown this once: store it now.")
    )
    def get_secret(self, key: ApiKey) -> str:
        secret: str = self.context["secret"]
        return secret


ApiKeyResponseSerializer = data_serializer("ApiKeyResponseSerializer", ApiKeySerializer)


ApiKeyWithSecretResponseSerializer = data_serializer(
    "ApiKeyWithSecretResponseSerializer", ApiKeyWithSecretSerializer
)


ApiKeyListResponseSerializer = page_serializer("ApiKeyListResponseSerializer", ApiKeySerializer)


class ApiKeyListParamsSerializer(ListParamsSerializer):
    status = serializers.ChoiceField(
        choices=KeyStatus.choices,
        required=False,
        allow_blank=True,
        help_text="Only keys in this status; empty or left out for all.",
    )


def _permissions_field(**options: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=PERMISSIONS),
        allow_empty=False,
        help_text="Any of read, write, delete, admin; `admin` implies the others and is for "
        "owners' and admins' keys only.",
        **options,
    )


def _allowed_ips_field(**options: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.CharField(max_length=64),
        max_length=MAX_NETWORKS,
        help_text="Addresses or CIDR ranges (IPv4 or IPv6) the key may be used from.",
        **options,
    )


def _rate_limit_field(**options: Any) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        allow_null=True,
        help_text="Requests per minute, at most the environment's default; null for the default.",
        **options,
    )


def _expires_at_field(**options: Any) -> serializers.DateTimeField:
    return serializers.DateTimeField(
        allow_null=True, help_text="ISO 8601, in the future; null: never.", **options
    )


class ApiKeyCreateSerializer(StrictBodySerializer):
    name = serializers.CharField(max_length=100)
    permissions = _permissions_field()
    environment = serializers.ChoiceField(
        choices=ENVIRONMENTS,
        required=False,
        help_text="Defaults to the caller's: a live credential manages live keys, a test key "
        "test keys, and neither the other's.",
    )
    allowed_ips = _allowed_ips_field(default=list)
    expires_at = _expires_at_field(default=None)
    rate_limit = _rate_limit_field(default=None)


class ApiKeyUpdateSerializer(StrictBodySerializer):
    # Only the fields given change.

    name = serializers.CharField(max_length=100, required=False)
    permissions = _permissions_field(required=False)
    allowed_ips = _allowed_ips_field(required=False)
    expires_at = _expires_at_field(required=False)
    rate_limit = _rate_limit_field(required=False)


class ApiKeyRollSerializer(StrictBodySerializer):
    grace_period_seconds = serializers.IntegerField(
        min_value=0,
        max_value=MAX_GRACE_SECONDS,
        default=0,
        help_text="How long the old key keeps working, 0 (it stops now) to "
        f"{MAX_GRACE_SECONDS} (7 days).",
    )
