import ipaddress
from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any, ClassVar

from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property

from audit.models import AuditEvent, RequestLog
from audit.statuses import ADMIN_CLASSES, BY_KEY, METHODS

if TYPE_CHECKING:
    # Django's admin and paginator take type parameters only in the stubs.
    _EventAdmin = admin.ModelAdmin[AuditEvent]
    _RequestLogAdmin = admin.ModelAdmin[RequestLog]
    _RequestLogPaginator = Paginator[RequestLog]
else:
    _EventAdmin = _RequestLogAdmin = admin.ModelAdmin
    _RequestLogPaginator = Paginator


class FixedChoicesFilter(admin.SimpleListFilter):
    """A list filter over a fixed list of `options`, so the admin never runs a
    DISTINCT to find them; `filter` narrows to one of them, and any other value
    leaves the list as it is. The key admin's filters are built on it too."""

    options: ClassVar[Sequence[tuple[str, str]]] = ()

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[Any]"
    ) -> list[tuple[str, str]]:
        return list(self.options)

    def queryset(
        self, request: HttpRequest, queryset: models.QuerySet[Any]
    ) -> models.QuerySet[Any]:
        value = self.value()
        if value is None or value not in dict(self.options):
            return queryset
        return self.filter(queryset, value)

    def filter(self, queryset: models.QuerySet[Any], value: str) -> models.QuerySet[Any]:
        raise NotImplementedError


class ReadOnlyAdmin:
    """Staff look, and never add, change or delete (put it before the ModelAdmin)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin, _EventAdmin):
    """Read-only: an audit trail that staff could edit or prune would prove nothing."""

    list_display = ["action", "actor_label", "workspace", "target_label", "ip", "created_at"]
    list_filter = ["action"]
    list_select_related = ["workspace"]
    date_hierarchy = "created_at"
    search_fields = [
        "public_id",
        "action",
        "actor_label",
        "target_id",
        "target_label",
        "workspace__name",
    ]
    fields = readonly_fields = (
        "public_id",
        "action",
        "created_at",
        "actor",
        "actor_label",
        "workspace",
        "target_type",
        "target_id",
        "target_label",
        "ip",
        "user_agent",
        "metadata",
    )


class StatusClassFilter(FixedChoicesFilter):
    title = "status"
    parameter_name = "status_class"
    # Staff filter whole ranges: 4xx here includes the 429s it carves out elsewhere.
    options = [(c.key, f"{c.key} (all)" if c.excluding else c.key) for c in ADMIN_CLASSES]

    def filter(
        self, queryset: models.QuerySet[RequestLog], value: str
    ) -> models.QuerySet[RequestLog]:
        return queryset.filter(status__range=BY_KEY[value].range)


class MethodFilter(FixedChoicesFilter):
    title = "method"
    parameter_name = "method"
    options = [(method, method) for method in METHODS]

    def filter(
        self, queryset: models.QuerySet[RequestLog], value: str
    ) -> models.QuerySet[RequestLog]:
        return queryset.filter(method=value)


class RangeDatesQuerySet(models.QuerySet[RequestLog]):
    """`datetimes()` from the first and last row (two index lookups) instead of a
    DISTINCT over every row: the admin's date hierarchy on millions of logs. A
    period with no rows can show up as a link to an empty list: a fair price."""

    def datetimes(  # type: ignore[override]  # a list: the date hierarchy only iterates it
        self,
        field_name: str,
        kind: str,
        order: str = "ASC",
        tzinfo: tzinfo | None = None,
    ) -> list[datetime]:
        bounds = self.aggregate(first=models.Min(field_name), last=models.Max(field_name))
        if bounds["first"] is None:
            return []
        first, last = (timezone.localtime(bounds[end]) for end in ("first", "last"))
        periods, current = [], _period_start(first, kind)
        while current <= last:
            periods.append(current)
            current = _period_start(current + _PERIOD_STEP[kind], kind)
        return periods if order == "ASC" else periods[::-1]


_PERIOD_STEP = {"year": timedelta(days=366), "month": timedelta(days=32), "day": timedelta(days=1)}


def _period_start(moment: datetime, kind: str) -> datetime:
    moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if kind in ("year", "month"):
        moment = moment.replace(day=1)
    return moment.replace(month=1) if kind == "year" else moment


class CappedCountPaginator(_RequestLogPaginator):
    """Counts at most CAP rows (a LIMIT subquery), so a page never waits for a
    COUNT(*) over millions of rows; narrow with the filters to get exact counts."""

    CAP = 100_000

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        return rows[: self.CAP].count() if isinstance(rows, models.QuerySet) else len(rows)


@admin.register(RequestLog)
class RequestLogAdmin(ReadOnlyAdmin, _RequestLogAdmin):
    """Read-only, and built for tables of millions of rows: fixed filter choices
    (no DISTINCT scans), a capped row count, related names joined in the list
    query, and a search that uses the request-id index when it can."""

    list_display = [
        "created_at",
        "method",
        "path",
        "status",
        "error_code",
        "workspace",
        "api_key",
        "oauth_application",
        "ip",
        "latency_ms",
        "count",
    ]
    list_filter = [StatusClassFilter, MethodFilter, "livemode"]
    list_select_related = ["workspace", "api_key", "oauth_application"]
    date_hierarchy = "created_at"
    search_fields = ["request_id", "path", "ip"]
    search_help_text = "A request id (req_...), a client IP, or part of a path."
    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    fields = readonly_fields = (
        "request_id",
        "created_at",
        "workspace",
        "api_key",
        "oauth_application",
        "user",
        "livemode",
        "method",
        "path",
        "status",
        "error_code",
        "ip",
        "user_agent",
        "latency_ms",
        "count",
    )

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[RequestLog]:
        queryset = super().get_queryset(request)
        return RangeDatesQuerySet(model=queryset.model, query=queryset.query, using=queryset.db)

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet[RequestLog], search_term: str
    ) -> tuple[models.QuerySet[RequestLog], bool]:
        term = search_term.strip()
        if not term:
            return queryset, False
        if term.startswith("req_"):
            return queryset.filter(request_id=term), False
        try:
            return queryset.filter(ip=str(ipaddress.ip_address(term))), False
        except ValueError:
            return queryset.filter(path__contains=term), False
