"""Settings > API > Logs: the workspace's /v1 requests, newest first.

Filters travel in the query string, so a filtered view is a link to share and
the CSV export of that view is the same query. Only the signed-in user's
workspace is ever read; another workspace's request id is a 404.
"""

import csv
from collections.abc import Iterable, Iterator
from datetime import date, time, timedelta

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import timezone

from accounts.current import current_workspace, workspace_required
from accounts.models import Workspace
from accounts.settings_pages import SettingsSection
from api.pagination import InvalidCursor, Page, Position, Row, decode_cursor, paginate
from audit import selectors
from audit.forms import LogFilterForm
from audit.models import RequestLog
from audit.selectors import (
    TIEBREAK,
    UNINDEXED_WINDOW,
    RequestLogFilters,
    bounded_window,
    request_log_get,
    request_log_list,
)

LOGS = SettingsSection(name="logs", templates="audit")
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


def _cursor_or_none(request: HttpRequest, name: str) -> Position | None:
    try:
        return decode_cursor(request.GET[name], int) if request.GET.get(name) else None
    except InvalidCursor:
        return None  # a mangled link shows the newest page rather than an error


def page_of(request: HttpRequest, rows: QuerySet[Row]) -> Page[Row]:
    """The page of `rows` (newest first) that the Logs pages' links ask for.

    The links name time: `before` asks for the rows older than a cursor (the
    next page, in the list's order), `after` for those newer (the previous one)."""
    return paginate(
        rows,
        limit=PAGE_SIZE,
        after=_cursor_or_none(request, "before"),
        before=_cursor_or_none(request, "after"),
        tiebreak=TIEBREAK,
    )


def _filtered(
    request: HttpRequest, workspace: Workspace
) -> tuple[LogFilterForm, RequestLogFilters, QuerySet[RequestLog]]:
    form = LogFilterForm(request.GET, workspace=workspace)
    form.is_valid()  # invalid fields are shown and left out; see audit.forms
    filters = bounded_window(form.filters(), now=timezone.now(), workspace=workspace)
    return form, filters, request_log_list(workspace=workspace, filters=filters)


@workspace_required
def log_list(request: HttpRequest) -> HttpResponse:
    workspace = current_workspace(request)
    form, filters, rows = _filtered(request, workspace)
    page = page_of(request, rows)
    return LOGS.render(
        request,
        "logs.html",
        form=form,
        page=page,
        filtered=any(form.data.get(name) for name in form.fields),
        window=_search_window(form, filters),
    )


def _search_window(form: LogFilterForm, filters: RequestLogFilters) -> dict[str, object] | None:
    """Where a status, method or path filter searched (bounded_window), and the
    dates of the week before it for the "Search older" link (None when no such
    filter is used)."""
    since = filters.since
    if not form.filters().unindexed or since is None:
        return None
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
def log_detail(request: HttpRequest, request_id: str) -> HttpResponse:
    row = request_log_get(workspace=current_workspace(request), request_id=request_id)
    if row is None:
        raise Http404("No such request in this workspace.")
    return LOGS.render(request, "logs_detail.html", row=row)


@workspace_required
def log_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered rows as CSV, streamed: rows are read from the database in
    chunks and written out as they come, so no export is held in memory."""
    _, _, rows = _filtered(request, current_workspace(request))
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


def _csv_lines(values: Iterable[tuple[object, ...]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(CSV_COLUMNS.values())
    for row in values:
        yield writer.writerow(_csv_cell(value) for value in row)


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "live" if value else "test"
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value
