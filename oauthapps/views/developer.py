"""Settings > Developer apps: register, edit, rotate the secret of and delete OAuth apps.

Only an app's owner sees it: anyone else gets a 404. A client secret is shown
exactly once: the view that makes it parks it in the session under a random
one-time token and redirects; the secret page pops it on its first render and
sends `Cache-Control: no-store`, so a reload or the back button finds nothing.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import date as date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from oauth2_provider.models import get_application_model

from accounts.one_time import one_time_stash, one_time_take
from accounts.sudo import sudo_required
from audit.services import AuditContext
from oauthapps.forms import (
    CLIENT_TYPES,
    ApplicationCreateForm,
    ApplicationSettingsForm,
    SecretRotateForm,
)
from oauthapps.scopes import described_for
from oauthapps.services import applications as services
from oauthapps.services.device import application_set_device_flow

SECRETS_SESSION_KEY = "oauthapps:secrets"


def _page(request, template: str, **context):
    return render(request, f"oauthapps/{template}", {"section": "developer", **context})


def _app_or_404(request, pk: int):
    return get_object_or_404(get_application_model(), pk=pk, user=request.user)


def _endpoints(request) -> dict:
    return {
        "authorize_url": request.build_absolute_uri("/oauth/authorize"),
        "token_url": request.build_absolute_uri("/oauth/token"),
        "device_authorization_url": request.build_absolute_uri("/oauth/device_authorization"),
        "discovery_url": request.build_absolute_uri("/.well-known/openid-configuration"),
    }


def _save_device_flow(request, application, form) -> None:
    """The device flow checkbox: its own service, so the change is an event like the others."""
    application_set_device_flow(
        application=application,
        enabled=form.cleaned_data["device_flow_enabled"],
        actor=request.user,
        context=AuditContext.from_request(request),
    )


def _stash_secret(request, application, secret: str, *, rotated: bool):
    token = one_time_stash(
        request, SECRETS_SESSION_KEY, secret=secret, application=application.pk, rotated=rotated
    )
    return redirect("oauthapps:developer_secret", token=token)


@login_required
def app_list(request):
    apps = get_application_model().objects.filter(user=request.user).order_by("-created", "-pk")
    return _page(request, "developer_list.html", apps=apps, **_endpoints(request))


@login_required
@sudo_required
def app_new(request):
    form = ApplicationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                application, secret = services.application_create(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    redirect_uris=form.cleaned_data["redirect_uris"],
                    client_type=form.cleaned_data["client_type"],
                    context=AuditContext.from_request(request),
                )
                _save_device_flow(request, application, form)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Registered “{application.name}”.")
            if secret is None:
                return redirect("oauthapps:developer_detail", pk=application.pk)
            return _stash_secret(request, application, secret, rotated=False)
    return _page(request, "developer_new.html", form=form)


@never_cache
@login_required
def app_secret(request, token: str):
    entry = one_time_take(request, SECRETS_SESSION_KEY, token)
    application = None
    if entry is not None:
        application = (
            get_application_model()
            .objects.filter(pk=entry["application"], user=request.user)
            .first()
        )
    if application is None:
        return _page(request, "developer_secret.html", secret=None)
    return _page(
        request,
        "developer_secret.html",
        app=application,
        secret=entry["secret"],
        rotated=entry["rotated"],
        **_endpoints(request),
    )


@login_required
@sudo_required
def app_detail(request, pk: int):
    application = _app_or_404(request, pk)
    initial = {
        "name": application.name,
        "redirect_uris": "\n".join(application.redirect_uris.split()),
        "device_flow_enabled": application.device_flow_enabled,
    }
    form = ApplicationSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.application_update(
                    application=application,
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    redirect_uris=form.cleaned_data["redirect_uris"],
                    context=AuditContext.from_request(request),
                )
                _save_device_flow(request, application, form)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Saved your changes.")
            return redirect("oauthapps:developer_detail", pk=application.pk)
    return _page(
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
def app_rotate(request, pk: int):
    """Rotate the secret. A POST with `stop_previous` (the button on the app's page)
    instead stops the previous secret before its overlap ends."""
    application = _app_or_404(request, pk)
    if application.client_type != application.CLIENT_CONFIDENTIAL:
        messages.info(request, "Public clients have no secret to rotate.")
        return redirect("oauthapps:developer_detail", pk=application.pk)
    if request.method == "POST" and "stop_previous" in request.POST:
        return _stop_previous_secret(request, application)
    form = SecretRotateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            application, secret = services.application_rotate_secret(
                application=application,
                actor=request.user,
                overlap=form.overlap_period,
                context=AuditContext.from_request(request),
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _rotated_message(application))
            return _stash_secret(request, application, secret, rotated=True)
    return _page(request, "developer_rotate.html", app=application, form=form)


def _rotated_message(application) -> str:
    if not application.previous_secret_works:
        return "Rotated the client secret. The old secret no longer works."
    until = date_format(application.previous_client_secret_expires_at, "M j, Y, H:i")
    return f"Rotated the client secret. The old secret keeps working until {until} UTC."


def _stop_previous_secret(request, application):
    try:
        services.application_revoke_previous_secret(
            application=application,
            actor=request.user,
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
def app_delete(request, pk: int):
    application = _app_or_404(request, pk)
    if request.method == "POST":
        name = application.name
        services.application_delete(
            application=application,
            actor=request.user,
            context=AuditContext.from_request(request),
        )
        messages.success(request, f"Deleted “{name}” and revoked all of its tokens.")
        return redirect("oauthapps:developer")
    return _page(
        request,
        "developer_delete.html",
        app=application,
        counts=services.application_token_counts(application),
    )
