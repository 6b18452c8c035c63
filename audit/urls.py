from django.urls import path

from audit.views import events, logs
from audit.views.usage import usage_overview

app_name = "audit"

urlpatterns = [
    path("api/logs/", logs.log_list, name="logs"),
    path("api/logs/export.csv", logs.log_export, name="logs-export"),
    path("api/logs/<str:request_id>/", logs.log_detail, name="log-detail"),
    path("api/usage/", usage_overview, name="usage"),
    path("security/", events.event_list, name="events"),
]
