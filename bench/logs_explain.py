"""Query plans and timings of the Logs and Usage pages' queries on a large request log.

    DATABASE_URL=postgres://.../load python -m bench.logs_explain --email owner@example.com

Run against a load-test database filled with `manage.py generate_request_logs`.
Prints EXPLAIN (ANALYZE, BUFFERS) for the first page, a filtered page of each
kind and a deep page reached by cursor, as the page itself builds them
(status, method and path bounded to their 7-day window), then the Usage
page's rollup reads, each timed end to end, and a user delete.
"""

import argparse
import os
import re
import time

from bench.common import BENCH_ENV


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--email", required=True, help="the workspace owner's email")
    parser.add_argument("--plans", action="store_true", help="print whole plans")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "explain-only")
    os.environ.setdefault("OIDC_RSA_PRIVATE_KEY", BENCH_ENV["OIDC_RSA_PRIVATE_KEY"])
    import django

    django.setup()
    from datetime import timedelta

    from accounts.models import User
    from accounts.selectors import workspace_for_user
    from api.pagination import Position, following
    from audit.models import RequestLog
    from audit.selectors import TIEBREAK, RequestLogFilters, request_log_list

    workspace = workspace_for_user(User.objects.get(email=args.email))
    total = RequestLog.objects.filter(workspace=workspace).count()
    newest = RequestLog.objects.filter(workspace=workspace).order_by("-created_at", "-id")
    key_id = newest.exclude(api_key=None).values_list("api_key_id", flat=True).first()
    middle = newest[total // 2]
    week_ago = newest.first().created_at - timedelta(days=7)

    def page(filters=None, after=None):
        rows = request_log_list(workspace=workspace, filters=filters or RequestLogFilters())
        if after is not None:
            rows = rows.filter(following(after, TIEBREAK))
        return rows[:51]

    cases = {
        "first page": page(),
        "status 4xx": page(RequestLogFilters(status_class="4xx")),
        "status 5xx": page(RequestLogFilters(status_class="5xx")),
        "status 429": page(RequestLogFilters(status_class="429")),
        "one key": page(RequestLogFilters(api_key_id=key_id)),
        "method DELETE": page(RequestLogFilters(method="DELETE")),
        "method PUT (no match)": page(RequestLogFilters(method="PUT")),
        "path prefix": page(RequestLogFilters(path_prefix="/v1/users")),
        "path prefix (no match)": page(RequestLogFilters(path_prefix="/v1/nothing")),
        "test mode": page(RequestLogFilters(livemode=False)),
        "a day a week ago": page(
            RequestLogFilters(since=week_ago - timedelta(days=1), until=week_ago)
        ),
        "4xx a week ago": page(
            RequestLogFilters(
                status_class="4xx", since=week_ago - timedelta(days=1), until=week_ago
            )
        ),
        "halfway down, by cursor": page(after=Position.of(middle, TIEBREAK)),
    }
    print(f"{total:,} request log rows in the workspace\n")
    print(f"{'query':<26} {'execution ms':>13}  plan")
    for name, queryset in cases.items():
        plan = queryset.explain(analyze=True, buffers=True)
        took = float(re.search(r"Execution Time: ([\d.]+) ms", plan).group(1))
        nodes = [line.strip() for line in plan.splitlines() if "Index" in line or "Scan" in line]
        print(f"{name:<26} {took:>13.2f}  {nodes[0][:90] if nodes else ''}")
        if args.plans:
            print(plan, "\n")
    usage_timings(workspace)


def usage_timings(workspace) -> None:
    """The Usage page's reads (rollups), each run twice and the second timed."""
    from django.utils import timezone

    from audit import usage

    now = timezone.now()
    totals = usage.credential_totals(workspace, now=now)
    keys = list(usage.workspace_keys(workspace))
    calls = {
        "credential_totals": lambda: usage.credential_totals(workspace, now=now),
        "hourly_traffic 24h": lambda: usage.hourly_traffic(workspace, now=now, hours=24),
        "hourly_traffic 7d": lambda: usage.hourly_traffic(workspace, now=now, hours=168),
        "keys_using_privileges": lambda: usage.keys_using_privileges(
            keys, since=now - usage.IDLE_AFTER
        ),
        "app_usage": lambda: usage.app_usage(workspace, now=now, totals=totals),
    }
    print(f"\n{'usage read':<26} {'wall ms':>13}")
    for name, call in calls.items():
        call()
        started = time.perf_counter()
        call()
        print(f"{name:<26} {(time.perf_counter() - started) * 1000:>13.2f}")


if __name__ == "__main__":
    main()
