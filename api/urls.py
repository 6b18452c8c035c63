from django.urls import path

from api.views import users

app_name = "api"

urlpatterns = [
    path("users/me", users.UserMeView.as_view(), name="users-me"),
]
