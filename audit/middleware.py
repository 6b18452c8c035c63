"""One RequestLog row for every /v1 request, written after the response is sent.

The row is built from what the request already knows (principal, status, the
error code of the envelope) and written by a closer on the response: Django
calls it from `response.close()`, which the WSGI server invokes once the body
has gone out, so the client never waits for the INSERT. It is a single
statement in autocommit, outside any transaction the view used, so a view that
failed or rolled back still gets its row. Nothing is buffered in memory: a
process that stops normally has written every row of every request it answered.

Failed authentication without a recognisable credential is folded per client
address and minute: the first failure inserts a row, the next ones add to its
`count` (see api.middleware.RateLimitHeadersMiddleware, which counts them).
"""

import json
import logging
import time

from django.core.cache import cache
from django.db.models import F

from accounts.client_ip import client_ip
from accounts.context import user_agent_of
from accounts.ids import public_id
from api.middleware import is_api_path
from api.ratelimit import WINDOW_SECONDS, guarded_cache
from audit.models import RequestLog
from audit.writer import request_log_insert

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 200
PATH_LENGTH = 300


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path_info):
            return self.get_response(request)
        started = time.perf_counter()
        request_id = public_id("req", 24)
        response = self.get_response(request)
        response["X-Request-Id"] = request_id
        row = _row(request, response, request_id, started)
        # Runs in response.close(), after the body is sent (see the module docstring).
        response._resource_closers.append(lambda: _write(request, row))
        return response


def _row(request, response, request_id: str, started: float) -> RequestLog:
    principal = getattr(request, "auth", None) or getattr(request, "attempted_principal", None)
    row = RequestLog(
        request_id=request_id,
        method=request.method[:10],
        path=request.path[:PATH_LENGTH],
        status=response.status_code,
        error_code=_error_code(response),
        ip=client_ip(request),
        user_agent=user_agent_of(request, USER_AGENT_LENGTH),
        latency_ms=round((time.perf_counter() - started) * 1000),
    )
    if principal is not None:
        row.workspace = principal.workspace
        row.user = principal.user
        row.livemode = principal.livemode
        if principal.kind == "api_key":
            row.api_key = principal.credential
        else:
            row.oauth_application_id = getattr(principal.credential, "application_id", None)
    return row


def _error_code(response) -> str:
    if response.status_code < 400:
        return ""
    data = getattr(response, "data", None)
    if data is None:
        try:
            data = json.loads(response.content)
        except (ValueError, AttributeError):
            return ""
    error = data.get("error") if isinstance(data, dict) else None
    code = error.get("code", "") if isinstance(error, dict) else ""
    return str(code)[:40]


def _write(request, row: RequestLog) -> None:
    try:
        failures = getattr(request, "auth_failure_count", None)
        if failures is None:
            request_log_insert(row)
        else:
            _write_auth_failure(row, failures)
    except Exception:
        logger.exception("Could not write the request log row for %s", row.request_id)


def _write_auth_failure(row: RequestLog, count: int) -> None:
    """The first failure of an address in a minute is a row; the rest count on it."""
    slot = f"authfail-row:{row.ip}:{int(time.time()) // WINDOW_SECONDS}"
    row_id = guarded_cache(lambda: cache.get(slot), None) if count > 1 else None
    if row_id and RequestLog.objects.filter(pk=row_id).update(count=F("count") + 1):
        return
    row.save(force_insert=True)
    guarded_cache(lambda: cache.set(slot, row.pk, timeout=WINDOW_SECONDS * 2), None)
