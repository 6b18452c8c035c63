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

Result = TypeVar("Result")

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
