from django.urls import path

from oauthapps.views import connected, developer

app_name = "oauthapps"

urlpatterns = [
    path("apps/", connected.authorized_list, name="authorized"),
    path("apps/<int:pk>/revoke/", connected.authorized_revoke, name="authorized_revoke"),
    path("developer/apps/", developer.app_list, name="developer"),
    path("developer/apps/new/", developer.app_new, name="developer_new"),
    path("developer/apps/secret/<str:token>/", developer.app_secret, name="developer_secret"),
    path("developer/apps/<int:pk>/", developer.app_detail, name="developer_detail"),
    path("developer/apps/<int:pk>/rotate/", developer.app_rotate, name="developer_rotate"),
    path("developer/apps/<int:pk>/delete/", developer.app_delete, name="developer_delete"),
]
