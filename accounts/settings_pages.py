"""What every Settings page shares: how it renders, and how a form shows a service's refusal.

A Settings page renders through its tab's `SettingsSection.render`: one
spelling of "the Settings layout with this tab open". The services own the
rules; a page's form only shows what a service refused (`ServiceErrorsForm`,
`run_service`). Which workspace a page acts on is accounts.current's
`current_workspace`.

This sits in accounts, the bottom layer, so that every app's pages can import it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from accounts.one_time import Entry, one_time_take

Result = TypeVar("Result")
Row = TypeVar("Row")

# What a refusal without a message of its own says.
NOT_ALLOWED = "You may not do that in this workspace."


@dataclass(frozen=True)
class SettingsSection:
    """One tab of the Settings layout: its name in the navigation (`section`, which
    base.html marks as the current page) and the folder of its templates."""

    name: str
    templates: str

    def render(
        self, request: HttpRequest, template: str, *, status: int = 200, **context: object
    ) -> HttpResponse:
        return render(
            request,
            f"{self.templates}/{template}",
            {"section": self.name, **context},
            status=status,
        )


class ServiceErrorsForm(forms.Form):
    """The base of a form that shows a service's refusal: a ValidationError on the fields it
    names (the rest, and fields the form does not have, above the form), a
    PermissionDenied above the form."""

    def add_service_error(self, error: ValidationError | PermissionDenied) -> None:
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error) or NOT_ALLOWED)
        elif hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


def run_service(form: ServiceErrorsForm, call: Callable[[], Result]) -> Result | None:
    """The service's result, or None with its refusal shown on the form."""
    try:
        return call()
    except (ValidationError, PermissionDenied) as error:
        form.add_service_error(error)
    return None


def posted(request: HttpRequest) -> QueryDict | None:
    """A form's data: the POST's, even an empty one (which the form then refuses)."""
    return request.POST if request.method == "POST" else None


def run_submitted(
    request: HttpRequest, form: ServiceErrorsForm, call: Callable[[], Result]
) -> Result | None:
    """A page's one write: on a POST whose form is valid, the service's result (None,
    with its refusal shown on the form, if it refused). On a GET or an invalid form,
    None without calling it: the page shows the form again."""
    if request.method != "POST" or not form.is_valid():
        return None
    return run_service(form, call)


def shown_once(
    request: HttpRequest, shelf: str, token: str, find: Callable[[Entry], Row | None]
) -> tuple[Entry, Row] | None:
    """What a show-once page shows: the entry parked under `token` (accounts.one_time)
    and the row it names, which `find` looks up among the signed-in person's own.
    None when the entry was taken already, is stale, or names no row of theirs."""
    entry = one_time_take(request, shelf, token)
    row = find(entry) if entry is not None else None
    return None if entry is None or row is None else (entry, row)
