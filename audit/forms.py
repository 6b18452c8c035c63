"""The filter bars of the Logs and Security events pages (GET forms).

A field that does not validate is reported next to the field and left out of
the query; the other filters still apply.
"""

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone

from accounts.models import User, Workspace
from audit.actions import Choices, action_choices
from audit.credentials import ApiKey, Application
from audit.selectors import (
    EventFilters,
    RequestLogFilters,
    workspace_api_keys,
    workspace_applications,
    workspace_members,
)
from audit.statuses import FILTER_CLASSES, METHODS

STATUS_CHOICES = [("", "Any status"), *((c.key, c.label) for c in FILTER_CLASSES)]
ENVIRONMENT_CHOICES = [("", "Live and test"), ("live", "Live"), ("test", "Test")]
APP_VALUE_PREFIX = "app:"


class DateInput(forms.DateInput):
    input_type = "date"


class PeriodForm(forms.Form):
    """From and to dates, both inclusive, as whole days in the site's time zone."""

    date_from = forms.DateField(required=False, label="From", widget=DateInput)
    date_to = forms.DateField(required=False, label="To", widget=DateInput)

    def clean(self) -> dict[str, Any]:
        super().clean()
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Pick a day on or after the “From” day.")
        return self.cleaned_data

    def period(self) -> tuple[datetime | None, datetime | None]:
        start, end = self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to")
        zone = timezone.get_current_timezone()
        since = datetime.combine(start, time.min, tzinfo=zone) if start else None
        until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone) if end else None
        return since, until


class LogFilterForm(PeriodForm):
    source = forms.ChoiceField(required=False, label="Key or app")
    status = forms.ChoiceField(required=False, choices=STATUS_CHOICES)
    method = forms.ChoiceField(
        required=False, choices=[("", "Any method"), *((m, m) for m in METHODS)]
    )
    path = forms.CharField(
        required=False,
        max_length=300,
        label="Path starts with",
        widget=forms.TextInput(attrs={"placeholder": "/v1/modules/", "spellcheck": "false"}),
    )
    environment = forms.ChoiceField(required=False, choices=ENVIRONMENT_CHOICES)

    field_order = ["source", "status", "method", "environment", "path", "date_from", "date_to"]

    def __init__(self, data: Mapping[str, Any], *, workspace: Workspace) -> None:
        super().__init__(data)
        self.keys: dict[str, ApiKey] = {
            key.public_id: key for key in workspace_api_keys(workspace=workspace)
        }
        self.apps: dict[str, Application] = {
            f"{APP_VALUE_PREFIX}{app.client_id}": app
            for app in workspace_applications(workspace=workspace)
        }
        choices: Choices = [("", "All keys and apps")]
        if self.keys:
            choices.append(("API keys", [(v, _key_label(k)) for v, k in self.keys.items()]))
        if self.apps:
            choices.append(("OAuth apps", [(v, app.name) for v, app in self.apps.items()]))
        _choice_field(self, "source").choices = choices

    def clean_path(self) -> str:
        path = self.cleaned_data["path"].strip()
        return f"/{path}" if path and not path.startswith("/") else path

    def filters(self) -> RequestLogFilters:
        data = self.cleaned_data
        key = self.keys.get(data.get("source", ""))
        app = self.apps.get(data.get("source", ""))
        environment = data.get("environment", "")
        since, until = self.period()
        return RequestLogFilters(
            api_key_id=key.pk if key else None,
            application_id=app.pk if app else None,
            status_class=data.get("status") or None,
            method=data.get("method") or None,
            path_prefix=data.get("path") or None,
            since=since,
            until=until,
            livemode={"live": True, "test": False}.get(environment),
        )


def _key_label(key: ApiKey) -> str:
    label = f"{key.name} · {key.hint}"
    return f"{label} (revoked)" if key.revoked_at else label


class EventFilterForm(PeriodForm):
    action = forms.ChoiceField(required=False, label="Event", choices=action_choices)
    actor = forms.ChoiceField(required=False, label="Actor")

    field_order = ["action", "actor", "date_from", "date_to"]

    def __init__(
        self, data: Mapping[str, Any], *, workspace: Workspace, may_choose_actor: bool
    ) -> None:
        super().__init__(data)
        self.members: dict[str, User] = {}
        if may_choose_actor:
            self.members = {user.public_id: user for user in workspace_members(workspace=workspace)}
            _choice_field(self, "actor").choices = [("", "Anyone")] + [
                (public_id, user.name or user.email) for public_id, user in self.members.items()
            ]
        else:
            # Members see only their own events: there is no one else to choose.
            del self.fields["actor"]

    def filters(self) -> EventFilters:
        actor = self.members.get(self.cleaned_data.get("actor", ""))
        since, until = self.period()
        return EventFilters(
            action_prefix=self.cleaned_data.get("action") or None,
            actor_id=actor.pk if actor else None,
            since=since,
            until=until,
        )


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    """`form`'s field `name`, whose choices are set per request."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field
