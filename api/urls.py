from django.urls import path

from api.records.views import RecordDetailView, RecordListView
from api.views import users
from api.views.emails import EmailListView
from api.views.invitations import InvitationDetailView, InvitationListView
from api.views.members import MemberDetailView, MemberListView
from api.views.workspace import WorkspaceView

app_name = "api"

urlpatterns = [
    path("users/me", users.UserMeView.as_view(), name="users-me"),
    path("users", MemberListView.as_view(), name="users"),
    path("users/<str:user_id>", MemberDetailView.as_view(), name="user"),
    path("workspace", WorkspaceView.as_view(), name="workspace"),
    path("invitations", InvitationListView.as_view(), name="invitations"),
    path("invitations/<str:invitation_id>", InvitationDetailView.as_view(), name="invitation"),
    path("emails", EmailListView.as_view(), name="emails"),
    path("modules/<str:module>/records", RecordListView.as_view(), name="records"),
    path(
        "modules/<str:module>/records/<str:record_id>",
        RecordDetailView.as_view(),
        name="record",
    ),
]
