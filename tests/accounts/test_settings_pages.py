"""The shared Settings-page helpers: a service's refusal on a form, and the page renderer."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from accounts.settings_pages import NOT_ALLOWED, ServiceErrorsForm, SettingsSection, run_service


class NameForm(ServiceErrorsForm):
    name = forms.CharField()


def bound_form() -> NameForm:
    form = NameForm({"name": "Acme"})
    assert form.is_valid()
    return form


def test_it_puts_a_refusal_that_names_a_field_on_that_field():
    form = bound_form()
    form.add_service_error(ValidationError({"name": "Taken already."}))
    assert form.errors == {"name": ["Taken already."]}


def test_it_puts_a_refusal_about_a_field_the_form_lacks_above_the_form():
    form = bound_form()
    form.add_service_error(ValidationError({"client_type": "Choose one."}))
    assert form.non_field_errors() == ["Choose one."]


def test_it_puts_a_refusal_that_names_no_field_above_the_form():
    form = bound_form()
    form.add_service_error(ValidationError(["Too many keys.", "Try again later."]))
    assert form.non_field_errors() == ["Too many keys.", "Try again later."]


def test_it_keeps_the_code_of_a_refusal():
    form = bound_form()
    form.add_service_error(ValidationError("Taken already.", code="taken"))
    assert form.has_error("__all__", "taken")


def test_it_shows_a_permission_refusal_with_its_reason_or_a_general_one():
    form = bound_form()
    form.add_service_error(PermissionDenied("Only owners may."))
    form.add_service_error(PermissionDenied())
    assert form.non_field_errors() == ["Only owners may.", NOT_ALLOWED]


def test_run_service_answers_the_services_result():
    assert run_service(bound_form(), lambda: "done") == "done"


def test_run_service_answers_none_and_shows_the_refusal():
    form = bound_form()

    def refuse() -> str:
        raise ValidationError({"name": "Taken already."})

    assert run_service(form, refuse) is None
    assert form.errors == {"name": ["Taken already."]}


def test_a_section_renders_its_template_with_its_tab_open_and_its_status(alice):
    request = RequestFactory().get("/settings/workspace/new/")
    request.user = alice
    section = SettingsSection(name="team", templates="accounts")
    response = section.render(request, "workspace_new.html", status=400, form=NameForm())
    assert response.status_code == 400
    assert '<a href="/settings/team/" aria-current="page">Team</a>' in response.content.decode()
