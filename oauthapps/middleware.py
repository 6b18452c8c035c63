"""Hostile input on /oauth/* is refused before django-oauth-toolkit reads it.

DOT and oauthlib pass parameters to the database as they come: a NUL byte in
`token` made /oauth/revoke a 500 on PostgreSQL (text columns refuse it), and
an uncaught error is Django's HTML page. OAuth clients parse the RFC 6749
error shape, so every refusal here is `{"error": ..., "error_description":
...}`: `invalid_request` for a parameter that is not clean UTF-8 text or a
body over DATA_UPLOAD_MAX_MEMORY_SIZE, `temporarily_unavailable` when the
database does not answer, and `server_error` for anything else the machine
endpoints raise. The pages people see (authorize, device, logout) keep the site's
error pages for the last, unexpected case.
"""

import base64
import logging
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponseBase, JsonResponse

from api.parsers import unstorable_character

logger = logging.getLogger(__name__)

BROWSER_PAGES = ("/oauth/authorize", "/oauth/device", "/oauth/logout")
FORM = "application/x-www-form-urlencoded"


def is_oauth_path(path: str) -> bool:
    return path.startswith("/oauth/") or path == "/oauth"


def oauth_error(status: int, error: str, description: str) -> JsonResponse:
    response = JsonResponse({"error": error, "error_description": description}, status=status)
    # RFC 6749 s5.1: responses of the token endpoint are never cached.
    response["Cache-Control"] = "no-store"
    return response


class OAuthInputGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_oauth_path(request.path_info):
            return self.get_response(request)
        problem = _problem(request)
        if problem is not None:
            status, description = problem
            return oauth_error(status, "invalid_request", description)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> JsonResponse | None:
        if not is_oauth_path(request.path_info):
            return None
        if isinstance(exception, OperationalError | InterfaceError):
            logger.warning("The database did not answer on %s", request.path, exc_info=exception)
            response = oauth_error(
                503, "temporarily_unavailable", "The server is briefly unavailable."
            )
            response["Retry-After"] = "5"
            return response
        if request.path_info.rstrip("/") in BROWSER_PAGES:
            return None
        logger.error("Unhandled error on %s", request.path, exc_info=exception)
        return oauth_error(500, "server_error", "The server could not answer this request.")


def _problem(request: HttpRequest) -> tuple[int, str] | None:
    try:
        request.get_host()
    except DisallowedHost:
        return 400, "The Host header names no host this server answers for."
    if not _is_clean_text(request.path_info.encode("utf-8", "surrogatepass")):
        return 400, "The path holds characters that are not allowed."
    if not _is_clean_text(_raw_query(request)):
        return 400, "A query parameter holds characters that are not allowed."
    return _body_problem(request)


def _body_problem(request: HttpRequest) -> tuple[int, str] | None:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit():
        return 400, "Content-Length is not a number."
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is not None and int(declared) > limit:
        return 413, f"The request body is larger than the limit of {limit} bytes."
    if not _is_clean_text(_basic_credentials(request)):
        return 400, "The Basic credentials hold characters that are not allowed."
    if request.content_type == FORM and int(declared) and not _is_clean_text(request.body):
        return 400, "A form parameter holds characters that are not allowed."
    # DOT reads parameters from request.POST (form or multipart); so does this.
    if request.method == "POST" and any(
        unstorable_character(text)
        for key, values in request.POST.lists()
        for text in (key, *values)
    ):
        return 400, "A form parameter holds characters that are not allowed."
    return None


def _basic_credentials(request: HttpRequest) -> bytes:
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() != "basic":
        return b""
    try:
        return base64.b64decode(credentials.strip(), validate=False)
    except ValueError:
        return b""  # DOT refuses undecodable credentials itself


def _raw_query(request: HttpRequest) -> bytes:
    # WSGI hands the query string over as latin-1 text of the raw bytes (PEP 3333).
    query: str = request.META.get("QUERY_STRING", "")
    return query.encode("latin-1", "backslashreplace")


def _is_clean_text(encoded: bytes) -> bool:
    """True when the percent-decoded bytes are UTF-8 without a NUL byte.

    Strict UTF-8 refuses an encoded lone surrogate (%ED%A0%80) as well.
    """
    decoded = unquote_to_bytes(encoded.replace(b"+", b" "))
    if b"\x00" in decoded:
        return False
    try:
        decoded.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
