"""Reads of the audit trail, shared by the Logs and Security events pages, the
CSV export and /v1/audit-logs: filtering and visibility.

Every query starts from one workspace and is ordered by (created_at, id), both
descending: the leading columns of RequestLog's indexes, so the database walks
an index from the newest row and stops after one page, however many rows the
workspace has. The pages and the API page them with api.pagination (keyset
pages, tie-broken by `id`), never by OFFSET, so a deep page costs what the
first one does and rows written meanwhile do not shift the pages a reader is
walking through.
"""

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from accounts.models import User, Workspace
from accounts.selectors import membership_for
from audit.credentials import ApiKey, Application
from audit.models import AuditEvent, RequestLog
from audit.statuses import BY_KEY

Dated = TypeVar("Dated", bound=Model)

# The tie-breaker of every audit list: rows are ordered by (created_at, id).
TIEBREAK = "id"
# Status, method and path have no index of their own (RequestLog keeps five):
# without dates they search this far back from `until` (or now), so a filter
# that matches nothing reads a week of the workspace's index, not its history.
UNINDEXED_WINDOW = timedelta(days=7)
# ... and at most this many of the workspace's newest rows (bounded_window): at
# 50,000 a filter matching nothing took 84-96 ms of database time at 10 M rows
# (bench/RESULTS.md); the cost is linear in these rows.
UNINDEXED_ROWS = 20_000


@dataclass(frozen=True)
class RequestLogFilters:
    api_key_id: int | None = None
    application_id: int | None = None
    status_class: str | None = None  # a key of audit.statuses.FILTER_CLASSES
    method: str | None = None
    path_prefix: str | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive
    livemode: bool | None = None

    @property
    def unindexed(self) -> bool:
        return bool(self.status_class or self.method or self.path_prefix)


def bounded_window(
    filters: RequestLogFilters, *, now: datetime, workspace: Workspace | None = None
) -> RequestLogFilters:
    """`filters` with a start when a filter without an index is used and no start
    was given: UNINDEXED_WINDOW before `until` (or now), or later when the
    workspace has more than UNINDEXED_ROWS rows in that window (the start is then
    the oldest of its UNINDEXED_ROWS newest). Either way a filter that matches
    nothing reads a bounded number of rows, however busy the workspace is."""
    if filters.since is not None or not filters.unindexed:
        return filters
    until = filters.until or now
    since = until - UNINDEXED_WINDOW
    if workspace is not None:
        since = max(since, _start_of_newest(workspace, filters, since, until) or since)
    return replace(filters, since=since)


def _start_of_newest(
    workspace: Workspace, filters: RequestLogFilters, since: datetime, until: datetime
) -> datetime | None:
    """`created_at` of the UNINDEXED_ROWS-th newest row in [since, until), read
    from the (workspace[, livemode], created_at) index alone; None if fewer."""
    rows = RequestLog.objects.filter(
        workspace=workspace, created_at__gte=since, created_at__lt=until
    )
    if filters.livemode is not None:
        rows = rows.filter(livemode=filters.livemode)
    newest = rows.order_by("-created_at", "-id").values_list("created_at", flat=True)
    return next(iter(newest[UNINDEXED_ROWS - 1 : UNINDEXED_ROWS]), None)


def request_log_list(*, workspace: Workspace, filters: RequestLogFilters) -> QuerySet[RequestLog]:
    """The workspace's request log rows that match `filters`, newest first.

    Unindexed filters are bounded in time (bounded_window). A key's rows have
    no app and an app's no key: saying so lets the database walk the
    (api_key, oauth_application, created_at) index in order.
    """
    filters = bounded_window(filters, now=timezone.now(), workspace=workspace)
    rows = RequestLog.objects.filter(workspace=workspace)
    if filters.api_key_id is not None:
        rows = rows.filter(api_key_id=filters.api_key_id, oauth_application_id__isnull=True)
    if filters.application_id is not None:
        rows = rows.filter(api_key_id__isnull=True, oauth_application_id=filters.application_id)
    if filters.status_class:
        rows = rows.filter(BY_KEY[filters.status_class].condition)
    if filters.method:
        rows = rows.filter(method=filters.method)
    if filters.path_prefix:
        rows = rows.filter(path__startswith=filters.path_prefix)
    if filters.livemode is not None:
        rows = rows.filter(livemode=filters.livemode)
    rows = _in_period(rows, filters.since, filters.until)
    return rows.select_related("api_key", "oauth_application", "user").order_by(
        "-created_at", "-id"
    )


def request_log_get(*, workspace: Workspace, request_id: str) -> RequestLog | None:
    rows = RequestLog.objects.filter(workspace=workspace, request_id=request_id)
    return rows.select_related("api_key", "oauth_application", "user").first()


def workspace_api_keys(*, workspace: Workspace) -> QuerySet[ApiKey]:
    """Every key of the workspace, revoked ones too: their old rows stay in the logs."""
    return ApiKey.objects.filter(workspace=workspace).order_by("-livemode", "name", "id")


def workspace_applications(*, workspace: Workspace) -> QuerySet[Application]:
    """The OAuth apps ever authorized in the workspace.

    An app's token is bound to the workspace its user picked on the consent
    page, and every consent writes an `oauth.authorized` event that is kept for
    good, so these are all the apps that can appear in the workspace's logs,
    found without scanning the logs themselves.
    """
    client_ids = AuditEvent.objects.filter(
        workspace=workspace, action="oauth.authorized"
    ).values_list("metadata__client_id", flat=True)
    return Application.objects.filter(client_id__in=set(client_ids)).order_by("name", "id")


@dataclass(frozen=True)
class EventFilters:
    action_prefix: str | None = None
    actor_id: int | None = None
    since: datetime | None = None  # inclusive
    until: datetime | None = None  # exclusive


def event_list(*, workspace: Workspace, filters: EventFilters) -> QuerySet[AuditEvent]:
    """Every security event of the workspace that matches `filters`, newest first."""
    return _filter_events(AuditEvent.objects.filter(workspace=workspace), filters)


def event_list_for_viewer(
    *, user: User, workspace: Workspace, filters: EventFilters
) -> QuerySet[AuditEvent]:
    """The events `user` may see on the Security events page.

    Owners and admins see all of the workspace's events; members see their own:
    what they did, and what was done to their account (failed sign-ins with
    their email). Both also see their own events that belong to no workspace,
    such as changes to the OAuth apps they develop.
    """
    membership = membership_for(user, workspace)
    own = Q(actor=user) | Q(target_type="user", target_id=user.public_id)
    if membership is not None and membership.can_manage:
        scope = Q(workspace=workspace) | Q(workspace__isnull=True, actor=user)
    else:
        scope = (Q(workspace=workspace) | Q(workspace__isnull=True)) & own
    return _filter_events(AuditEvent.objects.filter(scope), filters)


def _filter_events(events: QuerySet[AuditEvent], filters: EventFilters) -> QuerySet[AuditEvent]:
    if filters.action_prefix:
        events = events.filter(action__startswith=filters.action_prefix)
    if filters.actor_id is not None:
        events = events.filter(actor_id=filters.actor_id)
    events = _in_period(events, filters.since, filters.until)
    return events.select_related("actor").order_by("-created_at", "-id")


def workspace_members(*, workspace: Workspace) -> QuerySet[User]:
    return User.objects.filter(memberships__workspace=workspace).order_by("name", "email")


def _in_period(
    rows: QuerySet[Dated], since: datetime | None, until: datetime | None
) -> QuerySet[Dated]:
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    return rows
