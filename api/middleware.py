import io
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from api.account import account_of, charge
from api.exceptions import (
    DATABASE_UNAVAILABLE,
    error_response,
    payload_too_large_response,
    service_unavailable_response,
)
from api.parsers import unstorable_character
from api.paths import API_ROOT, is_api_path

# Set in request.META by the receiver below when an uncaught error was the database's.
DATABASE_FAILED = "coherence.database_unavailable"

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class ApiRequestGuardMiddleware:
    """Refuses, with the envelope, /v1 requests that nothing behind it could answer.

    Before every middleware but the account, the log and the charge (which
    read no Host), because SecurityMiddleware and CommonMiddleware read the
    Host header, and Django answers a bad one with its HTML 400. A path
    holding a NUL byte names nothing (and PostgreSQL refuses it in a query), a
    declared or streamed body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before
    it is read. A database outage anywhere under /v1 is a 503 with Retry-After:
    DRF views answer it in api.exceptions; this covers plain views and other
    middleware, whose errors Django turns into a 500 before they get here.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_api_path(request.path_info):
            return self.get_response(request)
        refusal = _refusal(request)
        if refusal is not None:
            return refusal
        response = self.get_response(request)
        database_failed = response.status_code == 500 and request.META.pop(DATABASE_FAILED, False)
        if database_failed and isinstance(response, HttpResponse):
            return _as_unavailable(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_api_path(request.path_info) and isinstance(exception, DATABASE_UNAVAILABLE):
            return service_unavailable_response()
        return None


def _refusal(request: HttpRequest) -> HttpResponse | None:
    try:
        request.get_host()
    except DisallowedHost:
        return error_response(400, "bad_request", "The Host header names no host this API serves.")
    if unstorable_character(request.path_info):
        return error_response(404, "not_found", "Not found")
    return _body_refusal(request)


def _body_refusal(request: HttpRequest) -> HttpResponse | None:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    declared = request.META.get("CONTENT_LENGTH")
    if limit is None:
        return None
    if declared:
        if not declared.isdigit():
            return error_response(400, "bad_request", "Content-Length is not a number.")
        return payload_too_large_response() if int(declared) > limit else None
    if "chunked" not in request.META.get("HTTP_TRANSFER_ENCODING", "").lower():
        return None
    # Django reads no body without Content-Length, so a chunked one would look
    # empty to every view. Read it here, at most one byte past the limit.
    body = request.META["wsgi.input"].read(limit + 1)
    if len(body) > limit:
        return payload_too_large_response()
    request.META["CONTENT_LENGTH"] = str(len(body))
    request._stream = io.BytesIO(body)
    return None


def _as_unavailable(response: HttpResponse) -> HttpResponse:
    """The 500 that an outage caused, as a 503; the same response object keeps
    its headers and the request log's closer."""
    unavailable = service_unavailable_response()
    response.status_code = unavailable.status_code
    response.content = unavailable.content
    response["Content-Type"] = unavailable["Content-Type"]
    response["Retry-After"] = unavailable["Retry-After"]
    return response


def _note_database_failure(
    sender: object, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Django sends this while handling an uncaught exception, before the 500 page.
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        request.META[DATABASE_FAILED] = True


got_request_exception.connect(_note_database_failure, dispatch_uid="api.database_failure")


class ApiTrailingSlashMiddleware:
    """`/v1/users/me/` is `/v1/users/me`: API routes are declared once, without a slash.

    Clients add or drop a trailing slash at will; redirecting them would turn a
    POST into a GET, so the path is normalised before URL resolution instead.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        path = request.path_info
        if is_api_path(path) and path.endswith("/") and path != f"{API_ROOT}/":
            request.path_info = path.rstrip("/")
        return self.get_response(request)


class RateLimitMiddleware:
    """X-RateLimit-* on every /v1 response, and the charge of requests DRF never saw.

    DRF views charge in authentication, before any permission check (see
    api.account.charge). A request that no DRF view authenticated (an answer
    of ApiRequestGuardMiddleware, a plain view, a view with its own
    authentication) is charged here, after the fact: to its identified
    credential, else its client address. Past the limit such a request's
    refusal becomes the 429; a success is counted but not undone, since its
    work is already done.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        account = account_of(request)
        if account is None:
            return self.get_response(request)
        response = self.get_response(request)
        state = account.charge or charge(request, account.credential)
        if state is None:  # charge() answers None only for a request without an account
            return response
        if not state.allowed and 400 <= response.status_code != 429:
            response = error_response(
                429, "rate_limited", "Rate limit exceeded; retry after the window ends."
            )
            response["Retry-After"] = str(state.retry_after())
        for name, value in state.headers().items():
            response[name] = value
        return response
