from functools import cache
from pathlib import Path

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from drf_spectacular.views import SpectacularAPIView
from rest_framework.negotiation import DefaultContentNegotiation

from api.views.docs import ApiDocsView
from api.views.errors import not_found
from api.views.health import healthz
from apikeys.api.views import ApiKeyDetailView, ApiKeyListView, ApiKeyRollView
from apikeys.secret_scanning.views import SecretScanningReportView
from audit.api import AuditLogsView

handler403 = "api.views.errors.permission_denied"
handler404 = "api.views.errors.not_found"
handler500 = "api.views.errors.server_error"

# The admin signs in through allauth's throttled sign-in (and 2FA), not a form of its own,
# wrapped as allauth documents it (which the stubs see as assigning over a method).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return redirect("apikeys:list")


@require_safe
@cache_control(public=True, max_age=24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers (and the admin's pages, which link no icon) ask for
    whatever a page links: the file itself, so it is a 200 and not a redirect."""
    return HttpResponse(_favicon_bytes(), content_type="image/x-icon")


@cache
def _favicon_bytes() -> bytes:
    found = finders.find("favicon.ico")
    if not isinstance(found, str):
        raise ImproperlyConfigured("static/favicon.ico is missing")
    return Path(found).read_bytes()


urlpatterns = [
    path("", home, name="home"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/", include("accounts.urls")),
    path("settings/", include("accounts.settings_urls")),
    path("settings/", include("apikeys.urls")),
    path("settings/", include("audit.urls")),
    path("settings/", include("oauthapps.urls")),
    path("", include("oauthapps.oauth_urls")),
    path("v1/audit-logs", AuditLogsView.as_view(), name="audit-logs"),
    path("v1/api-keys", ApiKeyListView.as_view(), name="api-keys"),
    path("v1/api-keys/<str:key_id>", ApiKeyDetailView.as_view(), name="api-key"),
    path("v1/api-keys/<str:key_id>/roll", ApiKeyRollView.as_view(), name="api-key-roll"),
    path(
        "v1/secret-scanning/reports",
        SecretScanningReportView.as_view(),
        name="secret-scanning-reports",
    ),
    path("v1/", include("api.urls")),
    # Anything else under /v1 is a JSON 404, in DEBUG too.
    re_path(r"^v1(?:/.*)?$", not_found),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(content_negotiation_class=DefaultContentNegotiation),
        name="schema",
    ),
    path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]
