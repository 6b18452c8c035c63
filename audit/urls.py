from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

app_name = "audit"

coming_soon = login_required(TemplateView.as_view(template_name="settings/coming_soon.html"))

urlpatterns = [
    path("api/logs/", coming_soon, {"section": "logs"}, name="logs"),
    path("api/usage/", coming_soon, {"section": "usage"}, name="usage"),
]
