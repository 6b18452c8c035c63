from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import TemplateView

app_name = "apikeys"

coming_soon = login_required(TemplateView.as_view(template_name="settings/coming_soon.html"))

urlpatterns = [
    path("api/", coming_soon, {"section": "keys"}, name="list"),
]
