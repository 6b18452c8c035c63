from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from accounts.current import current_workspace, workspace_required
from accounts.models import Workspace
from accounts.settings_pages import SettingsSection
from audit import usage
from audit.charts import traffic_chart
from audit.credentials import ApiKey, Application
from audit.statuses import CHART_CLASSES

USAGE = SettingsSection(name="usage", templates="audit")


@workspace_required
def usage_overview(request: HttpRequest) -> HttpResponse:
    """Settings > API > Usage: traffic per hour, and per key and OAuth app."""
    workspace = current_workspace(request)
    context: dict[str, Any] = {"workspace": workspace}
    now = timezone.now()
    range_name = request.GET.get("range", "")
    if range_name not in usage.RANGES:
        range_name = "24h"
    selected_key = _selected_key(request, workspace)
    hours = usage.hourly_traffic(
        workspace, now=now, hours=usage.RANGES[range_name], api_key=selected_key
    )
    totals = usage.credential_totals(workspace, now=now)
    keys = usage.key_usage(workspace, now=now, totals=totals)
    context.update(
        range_name=range_name,
        selected_key=selected_key,
        key_choices=_key_choices(keys, selected_key),
        hours=hours,
        chart=traffic_chart(hours),
        bucket_totals=_bucket_totals(hours),
        error_rate=usage.error_rate(hours),
        keys=keys,
        apps=usage.app_usage(workspace, now=now, totals=totals),
    )
    return USAGE.render(request, "usage.html", **context)


def _selected_key(request: HttpRequest, workspace: Workspace) -> ApiKey | None:
    public_id = request.GET.get("key")
    if not public_id:
        return None
    key = usage.workspace_keys(workspace).filter(public_id=public_id).first()
    if key is None:
        raise Http404("No such key in this workspace.")
    return key


def _key_choices(
    keys: Sequence[usage.CredentialUsage], selected_key: ApiKey | None
) -> list[ApiKey | Application]:
    choices = [row.credential for row in keys]
    if selected_key is not None and selected_key not in choices:
        choices.append(selected_key)  # a revoked key can still be charted
    return choices


def _bucket_totals(hours: Sequence[usage.HourTraffic]) -> list[tuple[str, str, int]]:
    """[(label, fill, requests)] for the summary above the chart."""
    return [
        (
            status_class.key,
            status_class.colour,
            sum(hour.counts[status_class.key] for hour in hours),
        )
        for status_class in CHART_CLASSES
    ]
