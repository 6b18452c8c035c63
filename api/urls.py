from django.urls import path

from api.records.views import RecordDetailView, RecordListView
from api.views import users
from api.views.emails import EmailListView
from api.views.members import MemberListView

app_name = "api"

urlpatterns = [
    path("users/me", users.UserMeView.as_view(), name="users-me"),
    path("users", MemberListView.as_view(), name="users"),
    path("emails", EmailListView.as_view(), name="emails"),
    path("modules/<str:module>/records", RecordListView.as_view(), name="records"),
    path(
        "modules/<str:module>/records/<str:record_id>",
        RecordDetailView.as_view(),
        name="record",
    ),
]
