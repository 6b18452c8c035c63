"""The Settings > API list's filters: GET parameters, so a filtered view is a link.

A value that is not one the form offers (a stale link, a member who has since
left) is dropped rather than answered with an error: the list then shows a
little more than asked, never a broken page.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import Q

from accounts.models import Membership, Workspace
from apikeys.canonical import PERMISSIONS
from apikeys.models import ApiKey, ApiKeyQuerySet, KeyStatus

# The list's default view: keys that work or could be made to (an expired key
# can be looked at and revoked); rolled and revoked keys wait in a section of
# their own, so a team's history never drowns the keys in use.
CURRENT = (KeyStatus.ACTIVE, KeyStatus.EXPIRED)
FORMER = (KeyStatus.ROLLED, KeyStatus.REVOKED)
ENVIRONMENT_CHOICES = [("", "All"), ("live", "Live"), ("test", "Test")]
STATUS_CHOICES = [("", "Active + expired"), *KeyStatus.choices]
PERMISSION_CHOICES = [("", "Any permission"), *[(p, p.capitalize()) for p in PERMISSIONS]]
FILTERS = ("q", "environment", "permission", "status", "creator")


class KeyFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100, strip=True)
    environment = forms.ChoiceField(choices=ENVIRONMENT_CHOICES, required=False)
    permission = forms.ChoiceField(choices=PERMISSION_CHOICES, required=False)
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    creator = forms.ChoiceField(label="Created by", required=False)

    def __init__(self, data: Mapping[str, Any] | None, *, workspace: Workspace) -> None:
        super().__init__(data)
        members = Membership.objects.filter(workspace=workspace).select_related("user")
        people = sorted(
            ((m.user.public_id, m.user.name or m.user.email) for m in members),
            key=lambda choice: choice[1].lower(),
        )
        cast(forms.ChoiceField, self.fields["creator"]).choices = [("", "Anyone"), *people]
        self.fields["q"].widget.attrs.update(
            {"placeholder": "Name or key hint", "type": "search", "autocomplete": "off"}
        )

    @property
    def chosen(self) -> dict[str, str]:
        """The valid filters, without the empty ones."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        return {name: self.cleaned_data[name] for name in FILTERS if self.cleaned_data.get(name)}


@dataclass(frozen=True)
class KeyFilters:
    """What the list shows: the chosen filters, applied to one workspace's keys."""

    chosen: dict[str, str]

    @property
    def active(self) -> bool:
        return bool(self.chosen)

    def keys(self, workspace: Workspace) -> ApiKeyQuerySet:
        keys = ApiKey.objects.filter(workspace=workspace).select_related(
            "created_by", "revoked_by", "rolled_to"
        )
        chosen = self.chosen
        if text := chosen.get("q"):
            keys = keys.filter(Q(name__icontains=text) | Q(hint__icontains=text))
        if environment := chosen.get("environment"):
            keys = keys.filter(livemode=environment == "live")
        if permission := chosen.get("permission"):
            # `permissions` is a JSON list; its text holds each name in quotes, on
            # SQLite and PostgreSQL alike (JSON containment is not portable).
            keys = keys.filter(permissions__icontains=f'"{permission}"')
        if creator := chosen.get("creator"):
            keys = keys.filter(created_by__public_id=creator)
        return keys

    def shown(self, workspace: Workspace) -> ApiKeyQuerySet:
        """The main table: one status if one was chosen, else the current keys."""
        status = self.chosen.get("status")
        return _in_statuses(self.keys(workspace), (status,) if status else CURRENT)

    def former(self, workspace: Workspace) -> ApiKeyQuerySet | None:
        """The collapsed section of rolled and revoked keys; none under a status filter."""
        if self.chosen.get("status"):
            return None
        return _in_statuses(self.keys(workspace), FORMER)


def _in_statuses(keys: ApiKeyQuerySet, statuses: Sequence[str]) -> ApiKeyQuerySet:
    first, *others = statuses
    query = keys.status(first)
    for status in others:
        query = query | keys.status(status)
    return query
