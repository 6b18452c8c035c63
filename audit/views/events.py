"""Settings > Security events: the workspace's audit trail, newest first.

Owners and admins see every event of the workspace; members see their own
(see audit.selectors.event_list_for_viewer).
"""

from django.shortcuts import render

from accounts.current import current_membership, workspace_required
from audit.actions import ALARMING, action_label
from audit.forms import EventFilterForm
from audit.selectors import event_list_for_viewer, keyset_page
from audit.views.logs import cursor_or_none

PAGE_SIZE = 50
# Metadata values longer than this are cut short on the page (the admin has them whole).
VALUE_LENGTH = 80


@workspace_required
def event_list(request):
    membership = current_membership(request)
    workspace = membership.workspace
    may_see_all = membership.can_manage
    form = EventFilterForm(request.GET, workspace=workspace, may_choose_actor=may_see_all)
    form.is_valid()  # invalid fields are shown and left out; see audit.forms
    events = event_list_for_viewer(user=request.user, workspace=workspace, filters=form.filters())
    page = keyset_page(
        events,
        size=PAGE_SIZE,
        before=cursor_or_none(request, "before"),
        after=cursor_or_none(request, "after"),
    )
    for event in page.items:
        event.label = action_label(event.action)
        event.alarming = event.action in ALARMING
        event.details = describe_metadata(event.metadata, event.action)
    context = {
        "section": "events",
        "form": form,
        "page": page,
        "may_see_all": may_see_all,
        "filtered": any(form.data.get(name) for name in form.fields),
    }
    return render(request, "audit/events.html", context)


def describe_metadata(metadata, action: str = "") -> list[tuple[str, str]]:
    """Metadata as short (name, value) lines: `changes` as from -> to, lists joined."""
    if action == "user.login_failed" and isinstance(metadata, dict):
        # The email is the target already; the count is what matters.
        return [("attempts this minute", str(metadata.get("count", 1)))]
    if not isinstance(metadata, dict):
        return [("", _short(metadata))]
    lines = []
    for name, value in metadata.items():
        if value in (None, "", [], {}):
            continue
        if name == "changes" and isinstance(value, dict):
            lines.extend(_changes(value))
        else:
            lines.append((_name(name), _short(value)))
    return lines


def _changes(changes: dict) -> list[tuple[str, str]]:
    lines = []
    for field, change in changes.items():
        if isinstance(change, dict) and {"from", "to"} <= change.keys():
            lines.append((_name(field), f"{_short(change['from'])} → {_short(change['to'])}"))
        else:
            lines.append((_name(field), _short(change)))
    return lines


def _name(key: str) -> str:
    return str(key).replace("_", " ")


def _short(value) -> str:
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = ", ".join(str(item) for item in value) or "none"
    elif value is None:
        text = "none"
    else:
        text = str(value)
    return text if len(text) <= VALUE_LENGTH else f"{text[: VALUE_LENGTH - 1]}…"
