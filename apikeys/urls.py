from django.urls import path

from apikeys import views

app_name = "apikeys"

urlpatterns = [
    path("api/", views.key_list, name="list"),
    path("api/keys/new/", views.key_new, name="new"),
    path("api/keys/secret/<str:token>/", views.key_reveal, name="reveal"),
    path("api/keys/<str:public_id>/", views.key_detail, name="detail"),
    path("api/keys/<str:public_id>/edit/", views.key_edit, name="edit"),
    path("api/keys/<str:public_id>/roll/", views.key_roll, name="roll"),
    path("api/keys/<str:public_id>/revoke/", views.key_revoke, name="revoke"),
]
