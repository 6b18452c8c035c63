from django.contrib.auth import views as auth_views
from django.urls import path

from accounts.views import auth as views
from accounts.views.invitations import invitation

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("invitations/<str:token>/", invitation, name="invitation"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html", extra_context={"section": "password"}
        ),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html",
            extra_context={"section": "password"},
        ),
        name="password_change_done",
    ),
]
