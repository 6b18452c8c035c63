"""Reads of the audit trail, shared by the Logs and Security events pages, the
CSV export and /v1/audit-logs: filtering, visibility and keyset pagination.

Every query starts from one workspace and is ordered by (created_at, id), both
descending: the leading columns of RequestLog's indexes, so the database walks
an index from the newest row and stops after one page, however many rows the
workspace has. Pages are positioned by the (created_at, id) of a row (a cursor),
never by OFFSET, so a deep page costs what the first one does and rows written
meanwhile do not shift the pages a reader is walking through.
"""

import base64
import binascii
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User, Workspace
from accounts.selectors import membership_for
from audit.models import AuditEvent, RequestLog

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)
# Status, method and path have no index of their own (RequestLog keeps five):
# without dates they search this far back from `until` (or now), so a filter
# that matches nothing reads a week of the workspace's index, not its history.
UNINDEXED_WINDOW = timedelta(days=7)
# ... and at most this many of the workspace's newest rows (bounded_window): at
# 50,000 a filter matching nothing took 84-96 ms of database time at 10 M rows
# (bench/RESULTS.md); the cost is linear in these rows.
UNINDEXED_ROWS = 20_000

# Status classes as ranges on `status`, so the (workspace, status, ...) index serves them.
STATUS_CLASSES = {
    "2xx": Q(status__gte=200, status__lte=299),
    "4xx": Q(status__gte=400, status__lte=499) & ~Q(status=429),
    "429": Q(status=429),
    "5xx": Q(status__gte=500, status__lte=599),
}


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Position:
    """Where a row sits in the newest-first order; encoded, it is a cursor."""

    created_at: datetime
    id: int

    @classmethod
    def of(cls, row) -> "Position":
        return cls(row.created_at, row.id)

    def encode(self) -> str:
        micros = (self.created_at - EPOCH) // MICROSECOND
        return base64.urlsafe_b64encode(f"{micros}.{self.id}".encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, cursor: str) -> "Position":
        try:
            text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
            micros, row_id = (int(part) for part in text.split("."))
            return cls(EPOCH + micros * MICROSECOND, row_id)
        except (ValueError, TypeError, UnicodeError, binascii.Error, OverflowError) as error:
            raise InvalidCursor("Not a cursor this service returned.") from error


@dataclass(frozen=True)
class Page:
    items: list
    newer: Position | None  # set when newer rows exist: the first item's position
    older: Position | None  # set when older rows exist: the last item's position


def _older_than(position: Position) -> Q:
    # The redundant `created_at <= t` gives the database an index range to scan.
    return Q(created_at__lte=position.created_at) & (
        Q(created_at__lt=position.created_at) | Q(id__lt=position.id)
    )


def _newer_than(position: Position) -> Q:
    return Q(created_at__gte=position.created_at) & (
        Q(created_at__gt=position.created_at) | Q(id__gt=position.id)
    )


def keyset_page(
    queryset: QuerySet,
    *,
    size: int,
    before: Position | None = None,
    after: Position | None = None,
) -> Page:
    """One page of `queryset`, newest first: the rows older than `before`, or
    the ones just newer than `after` (walking back up), or the newest rows."""
    if after is not None:
        rows = list(queryset.filter(_newer_than(after)).order_by("created_at", "id")[: size + 1])
        if len(rows) <= size:
            return keyset_page(queryset, size=size)  # back at the top: a full first page
        items = rows[:size][::-1]
        return Page(items, Position.of(items[0]), _older_than_exists(queryset, items))
    if before is not None:
        queryset = queryset.filter(_older_than(before))
    # One row more than shown tells whether an older page exists, without a COUNT.
    rows = list(queryset.order_by("-created_at", "-id")[: size + 1])
    items = rows[:size]
    older = Position.of(items[-1]) if len(rows) > size else None
    newer = None
    if before is not None:  # rows newer than this page exist: the reader came from them
        newer = Position.of(items[0]) if items else before
    return Page(items, newer, older)


def _older_than_exists(queryset: QuerySet, items: list) -> Position | None:
    last = Position.of(items[-1])
    return last if queryset.filter(_older_than(last)).exists() else None


@dataclass(frozen=True)
class RequestLogFilters:
    api_key_id: int | None = None
    application_id: int | None = None
    status_class: str | None = None  # one of STATUS_CLASSES
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


def _start_of_newest(workspace, filters, since, until) -> datetime | None:
    """`created_at` of the UNINDEXED_ROWS-th newest row in [since, until), read
    from the (workspace[, livemode], created_at) index alone; None if fewer."""
    rows = RequestLog.objects.filter(
        workspace=workspace, created_at__gte=since, created_at__lt=until
    )
    if filters.livemode is not None:
        rows = rows.filter(livemode=filters.livemode)
    newest = rows.order_by("-created_at", "-id").values_list("created_at", flat=True)
    return next(iter(newest[UNINDEXED_ROWS - 1 : UNINDEXED_ROWS]), None)


def request_log_list(*, workspace: Workspace, filters: RequestLogFilters) -> QuerySet:
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
        rows = rows.filter(STATUS_CLASSES[filters.status_class])
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


def workspace_api_keys(*, workspace: Workspace) -> QuerySet:
    """Every key of the workspace, revoked ones too: their old rows stay in the logs."""
    ApiKey = RequestLog._meta.get_field("api_key").related_model
    return ApiKey.objects.filter(workspace=workspace).order_by("-livemode", "name", "id")


def workspace_applications(*, workspace: Workspace) -> QuerySet:
    """The OAuth apps ever authorized in the workspace.

    An app's token is bound to the workspace its user picked on the consent
    page, and every consent writes an `oauth.authorized` event that is kept for
    good, so these are all the apps that can appear in the workspace's logs,
    found without scanning the logs themselves.
    """
    Application = RequestLog._meta.get_field("oauth_application").related_model
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


def event_list(*, workspace: Workspace, filters: EventFilters) -> QuerySet:
    """Every security event of the workspace that matches `filters`, newest first."""
    return _filter_events(AuditEvent.objects.filter(workspace=workspace), filters)


def event_list_for_viewer(*, user: User, workspace: Workspace, filters: EventFilters) -> QuerySet:
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


def _filter_events(events: QuerySet, filters: EventFilters) -> QuerySet:
    if filters.action_prefix:
        events = events.filter(action__startswith=filters.action_prefix)
    if filters.actor_id is not None:
        events = events.filter(actor_id=filters.actor_id)
    events = _in_period(events, filters.since, filters.until)
    return events.select_related("actor").order_by("-created_at", "-id")


def workspace_members(*, workspace: Workspace) -> QuerySet:
    return User.objects.filter(memberships__workspace=workspace).order_by("name", "email")


def _in_period(rows: QuerySet, since: datetime | None, until: datetime | None) -> QuerySet:
    if since is not None:
        rows = rows.filter(created_at__gte=since)
    if until is not None:
        rows = rows.filter(created_at__lt=until)
    return rows
