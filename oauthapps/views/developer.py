"""Settings > Developer apps: register, edit, rotate the secret of and delete OAuth apps.

Only an app's owner sees it: anyone else gets a 404. A client secret is shown
exactly once: the view that makes it parks it under a random one-time token
(accounts.one_time) and redirects; the secret page takes it on its first render
and sends `Cache-Control: no-store`, so a reload or the back button finds nothing.
"""

from typing import TypedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import date as date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.current import signed_in_user
from accounts.one_time import one_time_redirect
from accounts.settings_pages import SettingsSection, posted, run_submitted, shown_once
from accounts.sudo import sudo_required
from audit.services import AuditContext
from oauthapps.forms import (
    CLIENT_TYPES,
    ApplicationCreateForm,
    ApplicationSettingsForm,
    SecretRotateForm,
)
from oauthapps.models import Application
from oauthapps.scopes import described_for
from oauthapps.services import applications as services
from oauthapps.services.device import application_set_device_flow
from oauthapps.services.secrets import (
    application_revoke_previous_secret,
    application_rotate_secret,
)

DEVELOPER = SettingsSection(name="developer", templates="oauthapps")
SECRETS_SHELF = "oauthapps:secrets"  # where a new client secret waits for its one display


def _app_or_404(request: HttpRequest, pk: int) -> Application:
    return get_object_or_404(Application, pk=pk, user=signed_in_user(request))


class Endpoints(TypedDict):
    """The server's URLs an app's developer needs, shown on the app's pages."""

    authorize_url: str
    token_url: str
    device_authorization_url: str
    discovery_url: str


def _endpoints(request: HttpRequest) -> Endpoints:
    return {
        "authorize_url": request.build_absolute_uri("/oauth/authorize"),
        "token_url": request.build_absolute_uri("/oauth/token"),
        "device_authorization_url": request.build_absolute_uri("/oauth/device_authorization"),
        "discovery_url": request.build_absolute_uri("/.well-known/openid-configuration"),
    }


def _save_device_flow(
    request: HttpRequest, application: Application, form: ApplicationSettingsForm
) -> None:
    """The device flow checkbox: its own service, so the change is an event like the others."""
    application_set_device_flow(
        application=application,
        enabled=form.cleaned_data["device_flow_enabled"],
        actor=signed_in_user(request),
        context=AuditContext.from_request(request),
    )


def _show_secret_once(
    request: HttpRequest, application: Application, secret: str, *, rotated: bool
) -> HttpResponse:
    return one_time_redirect(
        request,
        SECRETS_SHELF,
        "oauthapps:developer_secret",
        secret=secret,
        application=application.pk,
        rotated=rotated,
    )


@login_required
def app_list(request: HttpRequest) -> HttpResponse:
    apps = Application.objects.filter(user=signed_in_user(request)).order_by("-created", "-pk")
    return DEVELOPER.render(request, "developer_list.html", apps=apps, **_endpoints(request))


@login_required
@sudo_required
def app_new(request: HttpRequest) -> HttpResponse:
    form = ApplicationCreateForm(posted(request))

    # The app and its device-flow choice are one change: both are made, or neither.
    @transaction.atomic
    def register() -> tuple[Application, str | None]:
        application, secret = services.application_create(
            user=signed_in_user(request),
            name=form.cleaned_data["name"],
            redirect_uris=form.cleaned_data["redirect_uris"],
            client_type=form.cleaned_data["client_type"],
            context=AuditContext.from_request(request),
        )
        _save_device_flow(request, application, form)
        return application, secret

    if registered := run_submitted(request, form, register):
        application, secret = registered
        messages.success(request, f"Registered “{application.name}”.")
        if secret is None:
            return redirect("oauthapps:developer_detail", pk=application.pk)
        return _show_secret_once(request, application, secret, rotated=False)
    return DEVELOPER.render(request, "developer_new.html", form=form)


@never_cache
@login_required
def app_secret(request: HttpRequest, token: str) -> HttpResponse:
    shown = shown_once(
        request,
        SECRETS_SHELF,
        token,
        lambda entry: Application.objects.filter(
            pk=entry["application"], user=signed_in_user(request)
        ).first(),
    )
    if shown is None:
        return DEVELOPER.render(request, "developer_secret.html", secret=None)
    entry, application = shown
    return DEVELOPER.render(
        request,
        "developer_secret.html",
        app=application,
        secret=entry["secret"],
        rotated=entry["rotated"],
        **_endpoints(request),
    )


@login_required
@sudo_required
def app_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = _app_or_404(request, pk)
    initial = {
        "name": application.name,
        "redirect_uris": "\n".join(application.redirect_uris.split()),
        "device_flow_enabled": application.device_flow_enabled,
    }
    form = ApplicationSettingsForm(posted(request), initial=initial)

    @transaction.atomic
    def save() -> Application:
        updated = services.application_update(
            application=application,
            actor=signed_in_user(request),
            name=form.cleaned_data["name"],
            redirect_uris=form.cleaned_data["redirect_uris"],
            context=AuditContext.from_request(request),
        )
        _save_device_flow(request, application, form)
        return updated

    if run_submitted(request, form, save):
        messages.success(request, "Saved your changes.")
        return redirect("oauthapps:developer_detail", pk=application.pk)
    return DEVELOPER.render(
        request,
        "developer_detail.html",
        app=application,
        form=form,
        client_type_label=CLIENT_TYPES[application.client_type][0],
        counts=services.application_token_counts(application),
        scopes=described_for(application),
        **_endpoints(request),
    )


@login_required
@require_http_methods(["GET", "POST"])
@sudo_required
def app_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    """Rotate the secret. A POST with `stop_previous` (the button on the app's page)
    instead stops the previous secret before its overlap ends."""
    application = _app_or_404(request, pk)
    if application.client_type != application.CLIENT_CONFIDENTIAL:
        messages.info(request, "Public clients have no secret to rotate.")
        return redirect("oauthapps:developer_detail", pk=application.pk)
    if request.method == "POST" and "stop_previous" in request.POST:
        return _stop_previous_secret(request, application)
    form = SecretRotateForm(posted(request))
    rotated = run_submitted(
        request,
        form,
        lambda: application_rotate_secret(
            application=application,
            actor=signed_in_user(request),
            overlap=form.overlap_period,
            context=AuditContext.from_request(request),
        ),
    )
    if rotated:
        application, secret = rotated
        messages.success(request, _rotated_message(application))
        return _show_secret_once(request, application, secret, rotated=True)
    return DEVELOPER.render(request, "developer_rotate.html", app=application, form=form)


def _rotated_message(application: Application) -> str:
    if not application.previous_secret_works:
        return "Rotated the client secret. The old secret no longer works."
    until = date_format(application.previous_client_secret_expires_at, "M j, Y, H:i")
    return f"Rotated the client secret. The old secret keeps working until {until} UTC."


def _stop_previous_secret(request: HttpRequest, application: Application) -> HttpResponse:
    try:
        application_revoke_previous_secret(
            application=application,
            actor=signed_in_user(request),
            context=AuditContext.from_request(request),
        )
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    else:
        messages.success(request, "Stopped the previous secret. Only the current one works now.")
    return redirect("oauthapps:developer_detail", pk=application.pk)


@login_required
@require_http_methods(["GET", "POST"])
@sudo_required
def app_delete(request: HttpRequest, pk: int) -> HttpResponse:
    application = _app_or_404(request, pk)
    if request.method == "POST":
        name = application.name
        services.application_delete(
            application=application,
            actor=signed_in_user(request),
            context=AuditContext.from_request(request),
        )
        messages.success(request, f"Deleted “{name}” and revoked all of its tokens.")
        return redirect("oauthapps:developer")
    return DEVELOPER.render(
        request,
        "developer_delete.html",
        app=application,
        counts=services.application_token_counts(application),
    )
