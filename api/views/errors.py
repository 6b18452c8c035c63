"""Errors raised outside DRF views: JSON under /v1, the branded pages elsewhere.

The pages (templates/404.html, 403.html, 500.html, csrf_failure.html) never
mention DEBUG or show a trace. 500.html is rendered without a request or the
database, since either may be what failed.
"""

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.account import charge_or_throttle
from api.exceptions import error_response
from api.paths import is_api_path
from api.principal import Principal
from api.redaction import is_secret_name, redact

# What a stale form may carry back to the user: enough for any of our forms,
# small enough that a hostile body cannot make the error page big.
MAX_KEPT_FIELDS = 50
MAX_KEPT_VALUE = 10_000
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class ApiNotFoundView(APIView):
    """An unknown /v1 path: authenticated like any endpoint, so it is charged to the
    credential it presents (api.account), then answered 404."""

    # Nothing to permit; an anonymous miss is still charged.
    permission_classes: list[type[BasePermission]] = []

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        charge_or_throttle(request, request.auth if isinstance(request.auth, Principal) else None)
        raise NotFound()


_api_not_found = ApiNotFoundView.as_view()


# Exempt, so a POST, PUT or DELETE to an unknown /v1 path gets the JSON 404
# rather than the CSRF page: nothing here changes state.
@csrf_exempt
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponseBase:
    if is_api_path(request.path_info):
        response = _api_not_found(request)
        if isinstance(response, Response):
            response.render()  # as handler404, Django would not render it
        return response
    return defaults.page_not_found(request, exception, template_name="404.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if is_api_path(request.path_info):
        return error_response(403, "insufficient_permissions", "Insufficient permissions")
    return defaults.permission_denied(request, exception, template_name="403.html")


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_path(request.path_info):
        return error_response(500, "server_error", "Something went wrong on our side.")
    return defaults.server_error(request, template_name="500.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form was refused because its token no longer matches.

    Usually the tab was open while the user signed in or out elsewhere. When
    the browser says the form came from one of our own pages, what was typed
    (never a password or secret) is shown again in a form with a fresh token;
    a form from another site is refused without offering to resend it, or the
    page would turn a forged request into a one-click one.
    """
    if is_api_path(request.path_info):
        return error_response(
            403, "csrf_failed", "CSRF verification failed. Authenticate with a bearer token."
        )
    same_origin = _from_our_pages(request)
    kept, dropped = _kept_fields(request) if same_origin else ([], False)
    context = {
        "same_origin": same_origin,
        "kept": kept,
        # Blank fields go back with the form but would only clutter the summary.
        "shown": [(name, value) for name, value in kept if value.strip()],
        "dropped_secrets": dropped,
        "can_resend": same_origin and not dropped,
        "action": request.path,
    }
    return render(request, "csrf_failure.html", context, status=403)


def _from_our_pages(request: HttpRequest) -> bool:
    """Whether the browser vouches (Origin, else Referer) that this POST came from us."""
    try:
        ours = f"{request.scheme}://{request.get_host()}"
    except DisallowedHost:
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        referer = urlsplit(request.headers.get("Referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
    return origin == ours


def _kept_fields(request: HttpRequest) -> tuple[list[tuple[str, str]], bool]:
    """The submitted (name, value) pairs safe to show again, and whether any secret was left out."""
    kept: list[tuple[str, str]] = []
    dropped = False
    if request.method != "POST" or request.content_type not in FORM_TYPES:
        return kept, dropped
    for name, values in request.POST.lists():
        if name == "csrfmiddlewaretoken":
            continue
        for value in values:
            if is_secret_name(name) or redact(value) != value:
                dropped = True
            elif len(kept) < MAX_KEPT_FIELDS and len(value) <= MAX_KEPT_VALUE:
                kept.append((name, value))
    return kept, dropped
