"""Settings > API: the workspace's keys, searchable and filtered by GET parameters.

The main table shows the keys in use (active and expired), a page at a time
(keyset pages, as every list here); rolled and revoked keys wait in a
collapsed section below, the newest few, with the status filter for all of
them. Every query is bounded: the rows come with their creator, revoker and
replacement, and what each row offers is the policy's answer, which needs no
query for the four row actions.
"""

from django.http import HttpRequest, HttpResponse

from accounts.current import current_workspace, workspace_required
from accounts.models import Workspace
from api.pagination import InvalidCursor, Position, decode_cursor, paginate
from apikeys.filters import ENVIRONMENT_CHOICES, KeyFilterForm, KeyFilters
from apikeys.policy import KeyPolicy
from apikeys.views.common import KEYS, KeyView, policy_of

PAGE_SIZE = 50
FORMER_SHOWN = 20


def _cursor(request: HttpRequest) -> Position | None:
    try:
        return decode_cursor(request.GET["after"]) if request.GET.get("after") else None
    except InvalidCursor:
        return None  # a mangled link shows the first page rather than an error


def _former(
    filters: KeyFilters, workspace: Workspace, policy: KeyPolicy
) -> tuple[list[KeyView], int]:
    former = filters.former(workspace)
    if former is None:
        return [], 0
    rows = list(former.order_by("-created_at", "-public_id")[:FORMER_SHOWN])
    count = len(rows) if len(rows) < FORMER_SHOWN else former.count()
    return [KeyView.of(key, policy) for key in rows], count


@workspace_required
def key_list(request: HttpRequest) -> HttpResponse:
    workspace, policy = current_workspace(request), policy_of(request)
    form = KeyFilterForm(request.GET, workspace=workspace)
    filters = KeyFilters(form.chosen)
    after = _cursor(request)
    shown = paginate(filters.shown(workspace), limit=PAGE_SIZE, after=after)
    former, former_count = _former(filters, workspace, policy)
    return KEYS.render(
        request,
        "list.html",
        form=form,
        filtering=filters.active,
        keys=[KeyView.of(key, policy) for key in shown.items],
        next_cursor=shown.next_cursor,
        paged=after is not None,
        revoked=former,
        revoked_count=former_count,
        revoked_more=former_count > len(former),
        environments=ENVIRONMENT_CHOICES,
        environment=filters.chosen.get("environment", ""),
        empty_workspace=not (shown.items or former or filters.active or after),
    )
