from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from accounts.current import current_membership, workspace_required
from audit import usage
from audit.charts import TRAFFIC_SERIES, traffic_chart


@workspace_required
def usage_overview(request):
    """Settings > API > Usage: traffic per hour, and per key and OAuth app."""
    workspace = current_membership(request).workspace
    context = {"section": "usage", "workspace": workspace}
    now = timezone.now()
    range_name = request.GET.get("range") if request.GET.get("range") in usage.RANGES else "24h"
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
    return render(request, "audit/usage.html", context)


def _selected_key(request, workspace):
    public_id = request.GET.get("key")
    if not public_id:
        return None
    key = usage.workspace_keys(workspace).filter(public_id=public_id).first()
    if key is None:
        raise Http404("No such key in this workspace.")
    return key


def _key_choices(keys, selected_key):
    choices = [row.credential for row in keys]
    if selected_key is not None and selected_key not in choices:
        choices.append(selected_key)  # a revoked key can still be charted
    return choices


def _bucket_totals(hours):
    """[(label, fill, requests)] for the summary above the chart."""
    return [
        (label, fill, sum(hour.counts[name] for hour in hours))
        for name, label, fill in TRAFFIC_SERIES
    ]
