"""The OpenAPI documentation of /v1/api-keys, kept apart from the views it describes."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from api.schema import ADMIN_FORBIDDEN, ADMIN_ONLY, error_response
from apikeys.api.serializers import (
    ApiKeyCreateSerializer,
    ApiKeyListParamsSerializer,
    ApiKeyListResponseSerializer,
    ApiKeyResponseSerializer,
    ApiKeyRollSerializer,
    ApiKeyUpdateSerializer,
    ApiKeyWithSecretResponseSerializer,
)

KEY_PARAMETER = OpenApiParameter(
    "key_id", str, OpenApiParameter.PATH, description="The key's id, `key_...`."
)
NOT_FOUND = error_response(
    "No key with this id in your workspace and mode: a test key sees test keys only, "
    "a live credential live keys only (not_found)."
)
MODE = " A test key (`ck_test_...`) manages test keys only, a live credential live keys only."
POLICY = (
    " Owners and admins manage every key of the workspace; `admin` may be given only "
    "to keys created by an owner or admin."
)
SHOWN_ONCE = " The answer holds the full key in `secret`, this once; it is never shown again."


list_view = extend_schema_view(
    get=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_list",
        summary="List the workspace's API keys, newest first",
        description=ADMIN_ONLY + MODE,
        parameters=[ApiKeyListParamsSerializer],
        responses={
            200: ApiKeyListResponseSerializer,
            400: error_response("A bad `status`, `limit` or `cursor` (validation_error)."),
            403: ADMIN_FORBIDDEN,
        },
    ),
    post=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_create",
        summary="Create an API key",
        description=ADMIN_ONLY + MODE + POLICY + SHOWN_ONCE,
        request=ApiKeyCreateSerializer,
        responses={
            201: ApiKeyWithSecretResponseSerializer,
            400: error_response(
                "A bad field (details name it), `environment` other than the caller's mode, "
                "or `admin` for a key of someone who is not an owner or admin."
            ),
            403: ADMIN_FORBIDDEN,
        },
    ),
)

detail_view = extend_schema_view(
    get=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_retrieve",
        summary="Retrieve an API key (never its secret)",
        description=ADMIN_ONLY + MODE,
        parameters=[KEY_PARAMETER],
        responses={200: ApiKeyResponseSerializer, 403: ADMIN_FORBIDDEN, 404: NOT_FOUND},
    ),
    patch=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_update",
        summary="Change a key's name, permissions, addresses, rate limit or expiry",
        description=ADMIN_ONLY + MODE + POLICY + " Only the fields given change.",
        parameters=[KEY_PARAMETER],
        request=ApiKeyUpdateSerializer,
        responses={
            200: ApiKeyResponseSerializer,
            400: error_response(
                "A bad field (details name it), a revoked key, or `admin` for a key of "
                "someone who is not an owner or admin."
            ),
            403: ADMIN_FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
    delete=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_revoke",
        summary="Revoke an API key: it stops working on its next request",
        description=ADMIN_ONLY + MODE,
        parameters=[KEY_PARAMETER],
        responses={204: None, 403: ADMIN_FORBIDDEN, 404: NOT_FOUND},
    ),
)

roll_view = extend_schema_view(
    post=extend_schema(
        tags=["api-keys"],
        operation_id="api_keys_roll",
        summary="Roll an API key: a new secret, the old one works for a grace period",
        description=ADMIN_ONLY
        + MODE
        + " The new key keeps the old one's name, creator, permissions, addresses, limit and "
        "expiry; the old key stops when `grace_period_seconds` have passed (at once for 0)."
        + SHOWN_ONCE,
        parameters=[KEY_PARAMETER],
        request=ApiKeyRollSerializer,
        responses={
            201: ApiKeyWithSecretResponseSerializer,
            400: error_response(
                "A bad `grace_period_seconds`, or a key that is not active or was rolled already."
            ),
            403: ADMIN_FORBIDDEN,
            404: NOT_FOUND,
        },
    ),
)
