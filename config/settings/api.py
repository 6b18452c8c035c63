"""The /v1 API: Django REST framework and the OpenAPI document drf-spectacular writes."""

REST_FRAMEWORK = {
    # One class per credential kind; each ignores tokens that are not its own.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apikeys.authentication.ApiKeyAuthentication",
        "oauthapps.authentication.OAuthTokenAuthentication",
        "api.authentication.UnclaimedBearerAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.HasGrant"],
    # No DRF throttle: DRF throttles after the permission checks, so a refusal would
    # be free. Authentication charges instead (api.account.charge).
    "DEFAULT_THROTTLE_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.GuardedJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.JSONOnlyNegotiation",
    "EXCEPTION_HANDLER": "api.exceptions.envelope_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "UNAUTHENTICATED_USER": None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Coherence API",
    "DESCRIPTION": (
        "Authenticate with `Authorization: Bearer <key or token>`: an API key "
        "(`ck_live_...` / `ck_test_...`) or an OAuth 2.0 access token (`at_...`). "
        "Every error has the shape "
        '`{"error": {"code": ..., "message": ..., "status": ...}}`. '
        "A request body may be at most 2,621,440 bytes (2.5 MB): a larger one, "
        "declared or streamed, is 413 `payload_too_large`. A database outage is 503 "
        "`service_unavailable` with `Retry-After`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "/favicon.ico",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two resources have a `status`; each enum gets its own name in the document.
    "ENUM_NAME_OVERRIDES": {
        "ApiKeyStatusEnum": "apikeys.models.KeyStatus",
        "EmailStatusEnum": "api.models.Email.Status",
    },
    # /oauth/* and the metadata documents are not DRF views: this hook documents them.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema_oauth.document_oauth",
    ],
}
