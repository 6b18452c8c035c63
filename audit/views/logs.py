"""Settings > API > Logs: the workspace's /v1 requests, newest first.

Filters travel in the query string, so a filtered view is a link to share and
the CSV export of that view is the same query. Only the signed-in user's
workspace is ever read; another workspace's request id is a 404.
"""

import csv
from datetime import timedelta

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.current import current_membership, workspace_required
from audit import selectors
from audit.forms import LogFilterForm
from audit.selectors import (
    UNINDEXED_WINDOW,
    InvalidCursor,
    Position,
    bounded_window,
    keyset_page,
    request_log_get,
    request_log_list,
)

PAGE_SIZE = 50
CSV_CHUNK_SIZE = 2000
CSV_COLUMNS = {
    "request_id": "request_id",
    "created_at": "created_at",
    "method": "method",
    "path": "path",
    "status": "status",
    "error_code": "error_code",
    "livemode": "environment",
    "api_key__public_id": "key",
    "api_key__hint": "key_hint",
    "oauth_application__client_id": "app",
    "oauth_application__name": "app_name",
    "user__email": "user",
    "ip": "ip",
    "user_agent": "user_agent",
    "latency_ms": "latency_ms",
    "count": "count",
}
# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def workspace_or_404(request):
    return current_membership(request).workspace


def cursor_or_none(request, name: str) -> Position | None:
    try:
        return Position.decode(request.GET[name]) if request.GET.get(name) else None
    except InvalidCursor:
        return None  # a mangled link shows the newest page rather than an error


def _filtered(request, workspace):
    form = LogFilterForm(request.GET, workspace=workspace)
    form.is_valid()  # invalid fields are shown and left out; see audit.forms
    filters = bounded_window(form.filters(), now=timezone.now(), workspace=workspace)
    return form, filters, request_log_list(workspace=workspace, filters=filters)


@workspace_required
def log_list(request):
    workspace = workspace_or_404(request)
    form, filters, rows = _filtered(request, workspace)
    page = keyset_page(
        rows,
        size=PAGE_SIZE,
        before=cursor_or_none(request, "before"),
        after=cursor_or_none(request, "after"),
    )
    context = {
        "section": "logs",
        "form": form,
        "page": page,
        "filtered": any(form.data.get(name) for name in form.fields),
        "window": _search_window(form, filters),
    }
    return render(request, "audit/logs.html", context)


def _search_window(form, filters) -> dict | None:
    """Where a status, method or path filter searched (bounded_window), and the
    dates of the week before it for the "Search older" link (None when no such
    filter is used)."""
    if not form.filters().unindexed:
        return None
    since = filters.since
    older_to = timezone.localtime(since - timedelta(microseconds=1)).date()
    until = filters.until or timezone.now()
    return {
        "since": since,
        "days": UNINDEXED_WINDOW.days,
        "rows": selectors.UNINDEXED_ROWS if since > until - UNINDEXED_WINDOW else None,
        "older_from": (older_to - UNINDEXED_WINDOW + timedelta(days=1)).isoformat(),
        "older_to": older_to.isoformat(),
    }


@workspace_required
def log_detail(request, request_id: str):
    row = request_log_get(workspace=workspace_or_404(request), request_id=request_id)
    if row is None:
        raise Http404("No such request in this workspace.")
    return render(request, "audit/logs_detail.html", {"section": "logs", "row": row})


@workspace_required
def log_export(request):
    """The filtered rows as CSV, streamed: rows are read from the database in
    chunks and written out as they come, so no export is held in memory."""
    _, _, rows = _filtered(request, workspace_or_404(request))
    values = rows.values_list(*CSV_COLUMNS).iterator(chunk_size=CSV_CHUNK_SIZE)
    filename = f"request-logs-{timezone.now():%Y-%m-%d}.csv"
    response = StreamingHttpResponse(_csv_lines(values), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class _Line:
    """A file-like object whose write() hands back the line csv.writer wrote."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(values):
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS.values())
    for row in values:
        yield writer.writerow(_csv_cell(value) for value in row)


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "live" if value else "test"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
