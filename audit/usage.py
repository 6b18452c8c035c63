"""How a workspace's API keys and OAuth apps are used, read from RequestRollup.

Every figure comes from a few aggregate queries over the hourly rollups (one
GROUP BY per credential over 7 days, one per hour for the chart, one for the
keys that might hold permissions they do not use), never from the raw log:
at most 168 rows per credential and mode for a week, however busy the key.
The rollups count requests, folded rows included (audit.models.rollups).

Keys and apps are reached through the RequestLog foreign keys, never by
importing their apps: audit sits below them.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import F, Max, Q, QuerySet, Sum
from django.db.models.expressions import Combinable
from oauth2_provider.models import get_access_token_model

from accounts.models import Workspace
from api.principal import rate_identity
from api.ratelimit import RateLimitState, limit_for, peek
from audit.credentials import ApiKey, Application
from audit.models import RequestRollup
from audit.rollup_sql import ADMIN_PATH_PREFIXES
from audit.statuses import CHART_CLASSES, RATE_LIMITED, READ_METHODS, SUCCESS

PRIVILEGED_PERMISSIONS = frozenset({"write", "delete", "admin"})
IDLE_AFTER = timedelta(days=30)
BUCKETS = tuple(status_class.key for status_class in CHART_CLASSES)
RANGES = {"24h": 24, "7d": 24 * 7}
# A token's last_used_at lags by up to a minute: anything used in the current
# window was touched within the last few.
RECENT_TOKEN_USE = timedelta(minutes=3)
MAX_WINDOWS_PEEKED = 100

# The chart's buckets as RequestRollup columns.
BUCKET_COLUMNS = {status_class.key: status_class.rollup_column for status_class in CHART_CLASSES}


@dataclass
class Totals:
    """A credential's requests, from its log rows of the last 7 days."""

    requests_24h: int = 0
    requests_7d: int = 0
    errors_7d: int = 0
    rate_limited_7d: int = 0
    last_seen: datetime | None = None

    @property
    def error_rate(self) -> float | None:
        """Share of 4xx and 5xx (429s included) in the last 7 days, in percent."""
        return 100 * self.errors_7d / self.requests_7d if self.requests_7d else None


# Per ("key", id) and ("app", id).
CredentialTotals = dict[tuple[str, int], Totals]


@dataclass
class CredentialUsage:
    credential: ApiKey | Application
    totals: Totals
    window: RateLimitState | None
    last_used_at: datetime | None
    revoke_candidate: bool = False
    # Write, delete or admin permissions a key holds but did not use in 30 days.
    unused_permissions: tuple[str, ...] = ()

    @property
    def window_percent(self) -> float:
        """How full the current window is; a used window never draws as empty."""
        if not self.window or not self.window.limit or not self.window.count:
            return 0.0
        return max(2.0, min(100.0, 100 * self.window.count / self.window.limit))


@dataclass
class HourTraffic:
    start: datetime
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _sum(expression: str | Combinable, condition: Q | None = None) -> Sum:
    return Sum(expression, filter=condition, default=0)


def credential_totals(workspace: Workspace, *, now: datetime) -> CredentialTotals:
    """Totals per ("key", id) and ("app", id): one GROUP BY query over the last 7 days.

    "24 hours" and "7 days" are the chart's whole clock hours (the current one
    included), so a key's figures add up to the chart's.
    """
    rows = (
        RequestRollup.objects.filter(workspace_id=workspace.pk, hour__gte=range_start(now, "7d"))
        .exclude(api_key_id=0, oauth_application_id=0)
        .values("api_key_id", "oauth_application_id")
        .annotate(
            requests_24h=_sum("requests", Q(hour__gte=range_start(now, "24h"))),
            requests_7d=_sum("requests"),
            # Every request counts in one status column: the errors are all but the successes.
            errors_7d=_sum(F("requests") - F(SUCCESS.rollup_column)),
            rate_limited_7d=_sum(RATE_LIMITED.rollup_column),
            last_seen=Max("last_seen"),
        )
        .order_by()
    )
    totals: CredentialTotals = {}
    for row in rows:
        key_id, app_id = row.pop("api_key_id"), row.pop("oauth_application_id")
        totals[("key", key_id) if key_id else ("app", app_id)] = Totals(**row)
    return totals


def privileged_requests() -> Q:
    """Requests that needed more than the read permission (RequestLog rows).

    The rollup triggers count the same rows: audit.rollup_sql spells this in SQL."""
    condition = ~Q(method__in=READ_METHODS)
    for prefix in ADMIN_PATH_PREFIXES:
        condition |= Q(path__startswith=prefix)
    return condition


def keys_using_privileges(keys: Iterable[ApiKey], *, since: datetime) -> set[int]:
    """Which of `keys` made a privileged request since `since`: one query over their
    hourly rollups (index on api_key_id, hour), whole hours from the one `since` is in."""
    hour = since.replace(minute=0, second=0, microsecond=0)
    return set(
        RequestRollup.objects.filter(
            api_key_id__in=[key.pk for key in keys], hour__gte=hour, privileged__gt=0
        )
        .values_list("api_key_id", flat=True)
        .distinct()
        .order_by()
    )


def key_window(key: ApiKey) -> RateLimitState:
    """The key's current rate-limit window, as the API counts it (not counting a request)."""
    return peek(
        rate_identity("api_key", key.pk), limit_for(livemode=key.livemode, override=key.rate_limit)
    )


def key_usage(
    workspace: Workspace, *, now: datetime, totals: CredentialTotals
) -> list[CredentialUsage]:
    """The workspace's active keys, live and test, each with its usage and hints."""
    since = now - IDLE_AFTER
    keys = list(
        ApiKey.objects.active().filter(workspace=workspace).order_by("-livemode", "name", "pk")
    )
    # Only keys that may write and were used lately can have privileges to spare.
    suspects = [
        key
        for key in keys
        if PRIVILEGED_PERMISSIONS & set(key.permissions)
        and key.last_used_at is not None
        and key.last_used_at >= since
    ]
    privileged = keys_using_privileges(suspects, since=since) if suspects else set()
    only_reads = {key.pk for key in suspects} - privileged
    usage = [
        CredentialUsage(
            credential=key,
            totals=totals.get(("key", key.pk), Totals()),
            window=key_window(key),
            last_used_at=key.last_used_at,
            revoke_candidate=(key.last_used_at or key.created_at) < since,
            unused_permissions=tuple(
                p for p in key.permissions if key.pk in only_reads and p in PRIVILEGED_PERMISSIONS
            ),
        )
        for key in keys
    ]
    return sorted(usage, key=lambda row: -row.totals.requests_7d)  # busiest first; stable


def app_usage(
    workspace: Workspace, *, now: datetime, totals: CredentialTotals
) -> list[CredentialUsage]:
    """The OAuth apps that called the API for the workspace in the last 30 days.

    When an app was last used comes from its access tokens (touched on use), so
    that no query has to read 30 days of logs; the last 7 days of logs fill in
    for tokens already deleted.
    """
    last_used = dict(
        get_access_token_model()
        .objects.filter(
            workspace=workspace,
            application__isnull=False,
            last_used_at__gte=now - IDLE_AFTER,
        )
        .values("application")
        .annotate(last=Max("last_used_at"))
        .values_list("application", "last")
        .order_by()
    )
    for (kind, ident), app_totals in totals.items():
        if kind == "app":
            last_used[ident] = max(filter(None, (last_used.get(ident), app_totals.last_seen)))
    apps = Application.objects.filter(pk__in=last_used).order_by("name", "pk")
    windows = busiest_token_windows(workspace, now=now)
    usage = [
        CredentialUsage(
            credential=app,
            totals=totals.get(("app", app.pk), Totals()),
            window=windows.get(app.pk, RateLimitState(limit_for(livemode=True), 0, 0)),
            last_used_at=last_used[app.pk],
        )
        for app in apps
    ]
    return sorted(usage, key=lambda row: -row.totals.requests_7d)


def busiest_token_windows(workspace: Workspace, *, now: datetime) -> dict[int, RateLimitState]:
    """Per app id, the fullest current window among the people using it here.

    OAuth apps are limited per app and user (api.principal's rate identity
    `oauth:<app id>:<user id>`), not per app. Only users whose tokens were used
    in the last few minutes can have a count this minute: one query finds them.
    """
    limit = limit_for(livemode=True)  # OAuth tokens act on live data only
    users = (
        get_access_token_model()
        .objects.filter(
            workspace=workspace,
            application__isnull=False,
            last_used_at__gte=now - RECENT_TOKEN_USE,
        )
        .values_list("application_id", "user_id")
        .distinct()
        .order_by()[:MAX_WINDOWS_PEEKED]
    )
    windows: dict[int, RateLimitState] = {}
    for app_id, user_id in users:
        window = peek(rate_identity("oauth", app_id, user_id), limit)
        if app_id not in windows or window.count > windows[app_id].count:
            windows[app_id] = window
    return windows


def range_start(now: datetime, name: str) -> datetime:
    """Where a range ("24h", "7d") starts: the top of its first whole hour."""
    return hour_slots(now, RANGES[name])[0]


def error_rate(hours: list[HourTraffic]) -> float | None:
    """Share of 4xx and 5xx (429s included) in `hours`, in percent."""
    total = sum(hour.total for hour in hours)
    errors = sum(hour.total - hour.counts[SUCCESS.key] for hour in hours)
    return 100 * errors / total if total else None


def hour_slots(now: datetime, hours: int) -> list[datetime]:
    """The starts of the last `hours` clock hours, the current one last."""
    current = now.replace(minute=0, second=0, microsecond=0)
    return [current - timedelta(hours=hours - 1 - i) for i in range(hours)]


def hourly_traffic(
    workspace: Workspace, *, now: datetime, hours: int, api_key: ApiKey | None = None
) -> list[HourTraffic]:
    """Requests per hour and status bucket: one GROUP BY query, empty hours filled in."""
    slots = {start: HourTraffic(start) for start in hour_slots(now, hours)}
    rollups = RequestRollup.objects.filter(workspace_id=workspace.pk, hour__gte=min(slots))
    if api_key is not None:
        rollups = rollups.filter(api_key_id=api_key.pk)
    sums = {bucket: Sum(column) for bucket, column in BUCKET_COLUMNS.items()}
    for row in rollups.values("hour").annotate(**sums).order_by():
        if row["hour"] in slots:
            slots[row["hour"]].counts.update({bucket: row[bucket] for bucket in BUCKETS})
    return list(slots.values())


def workspace_keys(workspace: Workspace) -> QuerySet[ApiKey]:
    """Every key of the workspace, revoked ones too (for the chart's key filter)."""
    return ApiKey.objects.filter(workspace=workspace)
