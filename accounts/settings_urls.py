"""Settings pages of accounts, under /settings/: the workspace and its team."""

from django.urls import path

from accounts.views import team, workspace_settings, workspaces

urlpatterns = [
    path("workspace/", workspace_settings.workspace_settings, name="workspace_settings"),
    path("workspace/rename/", workspace_settings.workspace_rename_view, name="workspace_rename"),
    path(
        "workspace/transfer/",
        workspace_settings.workspace_transfer_view,
        name="workspace_transfer",
    ),
    path("workspace/delete/", workspace_settings.workspace_delete_view, name="workspace_delete"),
    path("workspace/new/", workspaces.workspace_new, name="workspace_new"),
    path("workspace/switch/", workspaces.workspace_switch_view, name="workspace_switch"),
    path("team/", team.team, name="team"),
    path("team/invite/", team.team_invite, name="team_invite"),
    path("team/leave/", team.team_leave, name="team_leave"),
    path("team/members/<str:user_id>/role/", team.team_member_role, name="team_member_role"),
    path("team/members/<str:user_id>/remove/", team.team_member_remove, name="team_member_remove"),
    path(
        "team/invitations/<str:invitation_id>/resend/",
        team.team_invitation_resend,
        name="team_invitation_resend",
    ),
    path(
        "team/invitations/<str:invitation_id>/revoke/",
        team.team_invitation_revoke,
        name="team_invitation_revoke",
    ),
]
