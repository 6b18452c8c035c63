"""The OpenAPI documentation of /v1/api-keys, kept apart from the views it describes."""

from collections.abc import Callable
from typing import Any

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


def operation(
    operation_id: str,
    summary: str,
    *,
    rules: str = "",
    responses: dict[int, Any],
    on_a_key: bool = True,
    **options: Any,
) -> Callable[[Any], Any]:
    """One /v1/api-keys operation: admin only, in the caller's mode (plus `rules`),
    refused to others with 403; one on a key names it in the path and is 404 for
    a key the caller cannot see."""
    refusals: dict[int, Any] = {403: ADMIN_FORBIDDEN}
    if on_a_key:
        refusals[404] = NOT_FOUND
        options["parameters"] = [KEY_PARAMETER]
    return extend_schema(
        tags=["api-keys"],
        operation_id=operation_id,
        summary=summary,
        description=ADMIN_ONLY + MODE + rules,
        responses=responses | refusals,
        **options,
    )


list_view = extend_schema_view(
    get=operation(
        "api_keys_list",
        "List the workspace's API keys, newest first",
        on_a_key=False,
        parameters=[ApiKeyListParamsSerializer],
        responses={
            200: ApiKeyListResponseSerializer,
            400: error_response("A bad `status`, `limit` or `cursor` (validation_error)."),
        },
    ),
    post=operation(
        "api_keys_create",
        "Create an API key",
        rules=POLICY + SHOWN_ONCE,
        on_a_key=False,
        request=ApiKeyCreateSerializer,
        responses={
            201: ApiKeyWithSecretResponseSerializer,
            400: error_response(
                "A bad field (details name it), `environment` other than the caller's mode, "
                "or `admin` for a key of someone who is not an owner or admin."
            ),
        },
    ),
)

detail_view = extend_schema_view(
    get=operation(
        "api_keys_retrieve",
        "Retrieve an API key (never its secret)",
        responses={200: ApiKeyResponseSerializer},
    ),
    patch=operation(
        "api_keys_update",
        "Change a key's name, permissions, addresses, rate limit or expiry",
        rules=POLICY + " Only the fields given change.",
        request=ApiKeyUpdateSerializer,
        responses={
            200: ApiKeyResponseSerializer,
            400: error_response(
                "A bad field (details name it), a revoked key, or `admin` for a key of "
                "someone who is not an owner or admin."
            ),
        },
    ),
    delete=operation(
        "api_keys_revoke",
        "Revoke an API key: it stops working on its next request",
        responses={204: None},
    ),
)

roll_view = extend_schema_view(
    post=operation(
        "api_keys_roll",
        "Roll an API key: a new secret, the old one works for a grace period",
        rules=" The new key keeps the old one's name, creator, permissions, addresses, limit "
        "and expiry; the old key stops when `grace_period_seconds` have passed (at once for 0)."
        + SHOWN_ONCE,
        request=ApiKeyRollSerializer,
        responses={
            201: ApiKeyWithSecretResponseSerializer,
            400: error_response(
                "A bad `grace_period_seconds`, or a key that is not active or was rolled already."
            ),
        },
    ),
)
