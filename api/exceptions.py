"""One place that turns every failure under /v1 into the error envelope.

    {"error": {"code": "...", "message": "...", "status": 401}}

DRF exceptions keep their status; Django's Http404 and PermissionDenied are
mapped like DRF does (a service's refusal adds its `reason`), and a service's
Django ValidationError becomes a 400 naming its fields, so a view calls a
service without catching anything. A database that does not answer is a 503
with Retry-After (the client should try again; nothing is wrong with its
request), a body over DATA_UPLOAD_MAX_MEMORY_SIZE a 413, and Django's other
SuspiciousOperation refusals (too many fields, a bad Host) a 400. Anything else
is logged and answered as a 500 without a trace, so no /v1 response is ever HTML.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

logger = logging.getLogger("api")

# Errors that say the database is away (refused, dropped, restarting), not that
# the request is wrong. CONN_HEALTH_CHECKS replaces the connection on the next
# request, so a retry soon is the right advice.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5

# DRF's default codes, renamed to the API's.
CODES = {
    "not_authenticated": "authentication_failed",
    "authentication_failed": "authentication_failed",
    "permission_denied": "insufficient_permissions",
    "not_found": "not_found",
    "method_not_allowed": "method_not_allowed",
    "unsupported_media_type": "unsupported_media_type",
    "not_acceptable": "not_acceptable",
    "parse_error": "invalid_json",
    "throttled": "rate_limited",
    "invalid": "validation_error",
}

MESSAGES = {
    "not_authenticated": "No API key provided. Send 'Authorization: Bearer <API key>'.",
    "permission_denied": "Insufficient permissions",
    "not_found": "Not found",
    "invalid": "Invalid request",
}

STATUS_CODES = {
    400: "bad_request",
    401: "authentication_failed",
    403: "insufficient_permissions",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    500: "server_error",
    503: "service_unavailable",
}


def error_body(
    status_code: int, code: str, message: str, details: object = None
) -> dict[str, dict[str, object]]:
    error: dict[str, object] = {"code": code, "message": message, "status": status_code}
    if details is not None:
        error["details"] = details
    return {"error": error}


def error_response(
    status_code: int, code: str, message: str, details: object = None
) -> JsonResponse:
    """The envelope outside DRF views (URL misses, health checks, middleware)."""
    return JsonResponse(error_body(status_code, code, message, details), status=status_code)


def service_unavailable_response() -> JsonResponse:
    """503 with Retry-After, for a database that does not answer."""
    response = error_response(
        503, "service_unavailable", "The service is briefly unavailable; retry shortly."
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def payload_too_large_response() -> JsonResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return error_response(
        413, "payload_too_large", f"The request body is larger than the limit of {limit} bytes."
    )


def suspicious_response(exc: SuspiciousOperation) -> JsonResponse:
    """Django's refusal of a hostile request (a bad Host, too many fields) as a 400."""
    if isinstance(exc, RequestDataTooBig):
        return payload_too_large_response()
    logging.getLogger(f"django.security.{type(exc).__name__}").warning("%s", exc)
    return error_response(400, "bad_request", str(exc) or "Bad request")


def envelope_exception_handler(exc: Exception, context: dict[str, Any]) -> HttpResponse:
    if isinstance(exc, DATABASE_UNAVAILABLE):
        logger.warning("The database did not answer in %s", context.get("view"), exc_info=exc)
        set_rollback()
        return service_unavailable_response()
    if isinstance(exc, SuspiciousOperation):
        return suspicious_response(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = PolicyRefusal(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(validation_details(exc))

    set_rollback()
    if not isinstance(exc, exceptions.APIException):
        logger.error("Unhandled error in %s", context.get("view"), exc_info=exc)
        body = error_body(500, "server_error", "Something went wrong on our side.")
        return Response(body, status=status.HTTP_500_INTERNAL_SERVER_ERROR)

    # What DRF's own handler reads off an exception: NotAuthenticated's challenge
    # (set by APIView) and Throttled's wait.
    headers = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = str(auth_header)
    wait = getattr(exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))

    code, message, details = _describe(exc)
    # An exception may carry its own `details` (a MissingGrant names what was needed).
    body = error_body(exc.status_code, code, message, getattr(exc, "details", details))
    reason = getattr(exc, "reason", "")
    if reason:
        body["error"]["reason"] = reason
    return Response(body, exc.status_code, headers=headers)


class PolicyRefusal(exceptions.PermissionDenied):
    """A workspace rule refused the action (a service's PermissionDenied).

    The message stays the spec's "Insufficient permissions"; `reason` says which
    rule, e.g. "Only the workspace's owner can do that."
    """

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason


def validation_details(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as `details`: messages by field, the rest under
    `non_field_errors` as DRF names them."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    return {
        ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }


def _describe(exc: exceptions.APIException) -> tuple[str, str, object]:
    """The envelope's code, message and details for a DRF exception."""
    default = exc.default_code
    if isinstance(exc, exceptions.ValidationError):
        fields = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        return "validation_error", MESSAGES["invalid"], fields
    detail = exc.detail
    own_code = getattr(detail, "code", None)
    if own_code and own_code != default:
        # A code given where the exception was raised: ip_not_allowed, token_expired...
        return own_code, str(detail), None
    code = CODES.get(default, STATUS_CODES.get(exc.status_code, default))
    message = str(detail)
    if message == str(exc.default_detail):
        message = MESSAGES.get(default, message)
    return code, message, None
