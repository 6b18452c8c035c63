from django.urls import path

from api.views import users

app_name = "api"

urlpatterns = [
    path("users/me", users.users_me, name="users-me"),
]
