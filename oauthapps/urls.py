from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

app_name = "oauthapps"

coming_soon = login_required(TemplateView.as_view(template_name="settings/coming_soon.html"))

urlpatterns = [
    path("apps/", coming_soon, {"section": "authorized"}, name="authorized"),
    path("developer/apps/", coming_soon, {"section": "developer"}, name="developer"),
]
