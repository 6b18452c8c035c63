"""Sudo mode: a sensitive change asks for the password (or, once two-factor is on,
a 2FA code) again when the last sign-in or re-authentication is older than
ACCOUNT_REAUTHENTICATION_TIMEOUT (DESIGN: Account security).

The session's record of how and when its user authenticated is allauth's
(password, mfa, reauthenticated...). `sudo_required` reads it, and when it is
stale raises allauth's ReauthenticationRequired: allauth's middleware then
stashes the POST, sends the browser to re-authenticate, and replays the POST
afterwards, so nothing typed is lost.

allauth's own check counts only explicit re-authentications; here a fresh
sign-in counts too, as DESIGN says. A sign-in that did not go through allauth
(`login()` in code, the test client's force_login) is recorded when it happens,
so every session has a time to compare.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import overload

from allauth.account.internal.flows.login import get_authentication_records, record_authentication
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

from accounts.current import View

SENSITIVE_PERMISSIONS = frozenset({"write", "delete", "admin"})


def in_sudo_mode(request: HttpRequest) -> bool:
    """Whether the signed-in user authenticated recently enough for a sensitive change."""
    from allauth.mfa.utils import is_mfa_enabled

    user = request.user
    if not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if is_mfa_enabled(user):
        # The second factor is what makes the change; a password alone does not.
        records = [r for r in records if r.get("method") == "mfa"]
    if not records:
        return False
    last: float = records[-1]["at"]
    return time.time() - last < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


@overload
def sudo_required(view: View) -> View: ...
@overload
def sudo_required(
    view: None = None, *, when: Callable[[HttpRequest], bool] | None = None
) -> Callable[[View], View]: ...
def sudo_required(
    view: View | None = None, *, when: Callable[[HttpRequest], bool] | None = None
) -> View | Callable[[View], View]:
    """Guard a view's POST with sudo mode; `when(request)` narrows it to some POSTs.

    Goes inside @login_required / @workspace_required, so someone signed out is
    sent to sign in, not to re-authenticate.
    """

    def decorate(func: View) -> View:
        @wraps(func)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
            sensitive = request.method == "POST" and (when is None or when(request))
            if sensitive and not in_sudo_mode(request):
                raise ReauthenticationRequired()
            return func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


def grants_sensitive_permissions(request: HttpRequest) -> bool:
    """For creating a key: only write, delete or admin make it a sensitive change."""
    return bool(SENSITIVE_PERMISSIONS & set(request.POST.getlist("permissions")))


@receiver(user_logged_in, dispatch_uid="accounts.sudo.record_sign_in")
def record_sign_in(
    sender: object, request: HttpRequest | None, user: AbstractBaseUser, **kwargs: object
) -> None:
    """A sign-in allauth did not record (it records its own before this signal)."""
    session = getattr(request, "session", None)
    if session is None or get_authentication_records(request, user):
        return
    record_authentication(request, user, method="login")
