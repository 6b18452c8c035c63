"""Settings pages of accounts, under /settings/: the workspace and its team."""

from django.urls import path

from accounts.views import workspaces

urlpatterns = [
    path("workspace/new/", workspaces.workspace_new, name="workspace_new"),
    path("workspace/switch/", workspaces.workspace_switch_view, name="workspace_switch"),
]
