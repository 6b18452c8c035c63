"""Settings > Security events: the workspace's audit trail, newest first.

Owners and admins see every event of the workspace; members see their own
(see audit.selectors.event_list_for_viewer).
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from accounts.current import current_membership, signed_in_user, workspace_required
from accounts.settings_pages import SettingsSection
from audit.actions import ALARMING, action_label
from audit.forms import EventFilterForm
from audit.models import AuditEvent
from audit.selectors import event_list_for_viewer
from audit.views.logs import page_of

EVENTS = SettingsSection(name="events", templates="audit")
# Metadata values longer than this are cut short on the page (the admin has them whole).
VALUE_LENGTH = 80


@dataclass(frozen=True)
class EventRow:
    """An event as its row on the page shows it."""

    event: AuditEvent
    label: str
    alarming: bool
    details: list[tuple[str, str]]

    @classmethod
    def of(cls, event: AuditEvent) -> "EventRow":
        details = describe_metadata(event.metadata, event.action)
        return cls(event, action_label(event.action), event.action in ALARMING, details)


@workspace_required
def event_list(request: HttpRequest) -> HttpResponse:
    membership = current_membership(request)
    workspace = membership.workspace
    may_see_all = membership.can_manage
    form = EventFilterForm(request.GET, workspace=workspace, may_choose_actor=may_see_all)
    form.is_valid()  # invalid fields are shown and left out; see audit.forms
    events = event_list_for_viewer(
        user=signed_in_user(request), workspace=workspace, filters=form.filters()
    )
    page = page_of(request, events)
    return EVENTS.render(
        request,
        "events.html",
        form=form,
        page=page,
        rows=[EventRow.of(event) for event in page.items],
        may_see_all=may_see_all,
        filtered=any(form.data.get(name) for name in form.fields),
    )


def describe_metadata(metadata: object, action: str = "") -> list[tuple[str, str]]:
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


def _changes(changes: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for field, change in changes.items():
        if isinstance(change, dict) and {"from", "to"} <= change.keys():
            lines.append((_name(field), f"{_short(change['from'])} → {_short(change['to'])}"))
        else:
            lines.append((_name(field), _short(change)))
    return lines


def _name(key: str) -> str:
    return str(key).replace("_", " ")


def _short(value: object) -> str:
    if isinstance(value, bool):
        text = "yes" if value else "no"
    elif isinstance(value, list):
        text = ", ".join(str(item) for item in value) or "none"
    elif value is None:
        text = "none"
    else:
        text = str(value)
    return text if len(text) <= VALUE_LENGTH else f"{text[: VALUE_LENGTH - 1]}…"
