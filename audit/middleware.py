"""One RequestLog row for every /v1 request, handed over after the response is sent.

The row is built from what the request already knows (principal, status, the
error code of the envelope) and handed over by a closer on the response: Django
calls it from `response.close()`, which the WSGI server invokes once the body
has gone out, so the client never waits for it. audit.writer writes the rows
in batches, outside any transaction the view used (a view that failed or
rolled back still gets its row); its docstring says what a stop or a crash
can cost.

Refusals that name no credential (401, 404 and 429 charged to the client
address, see api.account) are folded per address, minute and status: the
first inserts a row, the next ones add to its `count`, so a flood of bad keys
adds a bounded number of rows.
"""

import json
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from accounts.context import user_agent_of
from api.account import RequestAccount, account_of
from api.ratelimit import WINDOW_SECONDS, guarded_cache
from audit import writer
from audit.models import RequestLog

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 200
PATH_LENGTH = 300
# Refusals of requests charged to their address, folded per address and minute.
FOLDED_STATUSES = (401, 404, 429)


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        account = account_of(request)
        if account is None:
            return self.get_response(request)
        response = self.get_response(request)
        response["X-Request-Id"] = account.request_id
        row = _row(request, response, account)
        folded = account.charged_to_address and response.status_code in FOLDED_STATUSES
        # Runs in response.close(), after the body is sent (see the module docstring);
        # the stubs leave out Django's list of closers.
        response._resource_closers.append(lambda: _write(row, folded=folded))  # type: ignore[attr-defined]
        return response


def _row(request: HttpRequest, response: HttpResponse, account: RequestAccount) -> RequestLog:
    principal = account.credential
    row = RequestLog(
        request_id=account.request_id,
        method=(request.method or "")[:10],
        # Without NUL bytes, which PostgreSQL refuses in text (the guard answers such paths).
        path=request.path.replace("\x00", "")[:PATH_LENGTH],
        status=response.status_code,
        error_code=_error_code(response),
        ip=account.client_ip,
        user_agent=user_agent_of(request, USER_AGENT_LENGTH),
        latency_ms=account.elapsed_ms(),
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


def _error_code(response: HttpResponse) -> str:
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


def _write(row: RequestLog, *, folded: bool) -> None:
    try:
        if folded:
            _write_unattributed(row)
        else:
            writer.buffer.add(row)
    except Exception:
        logger.exception("Could not write the request log row for %s", row.request_id)


def _write_unattributed(row: RequestLog) -> None:
    """The first such refusal of an address in a minute is a row; the rest count on it."""
    slot = f"unattributed-row:{row.ip}:{row.status}:{int(time.time()) // WINDOW_SECONDS}"
    row_id = guarded_cache(lambda: cache.get(slot), None)
    if row_id and RequestLog.objects.filter(pk=row_id).update(count=F("count") + 1):
        return
    row.save(force_insert=True)
    guarded_cache(lambda: cache.set(slot, row.pk, timeout=WINDOW_SECONDS * 2), None)
