"""/accounts/: sign-in, signup, reset, verification and 2FA on django-allauth.

The contract's paths and names come first (`login`, `logout`, `signup`,
`/accounts/password_reset/`, `password_change`); allauth's own URLs follow,
under their `account_*` / `mfa_*` names, for the steps its flows link to
(confirm-email, reset-from-key, reauthenticate, 2fa/...).
"""

from allauth.account import views as allauth_views
from django.urls import include, path

from accounts.views import auth as views
from accounts.views.invitations import invitation

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password_reset/", allauth_views.password_reset, name="password_reset"),
    path("invitations/<str:token>/", invitation, name="invitation"),
    path(
        "password/",
        allauth_views.PasswordChangeView.as_view(extra_context={"section": "password"}),
        name="password_change",
    ),
    # allauth's signup view, where allauth links to it by name: ours, hiding who exists.
    path("signup/", views.signup, name="account_signup"),
    path("", include("allauth.urls")),
]
