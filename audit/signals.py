"""Sign-ins in the security events (`user.login`, `user.login_failed`,
`user.login_throttled`), changes to how someone signs in (password, email
verification, two-factor: allauth's signals), and the events accounts'
services report (`security_event`: members, invitations, workspaces).

Sign-ins:

Which workspace: the user's own (accounts.selectors.workspace_for_user), the
one the settings pages open on by default. Signing in is something a person does, not an
act inside any one workspace; copying it into every workspace the person
belongs to would repeat it once per team and multiply a burst of failures by
the number of teams. A failed attempt on an email that has no account belongs
to no workspace (staff see it in the admin).

Failed attempts are folded per email, client address and minute, counted in
the cache: events are append-only, so instead of updating one row the first
failure writes an event and so does each failure that doubles the count
(the 2nd, 4th, 8th...), each carrying the count so far. A flood of N attempts
writes about log2(N) events, and the newest says how big the burst had grown.
Failures for emails that have no account fold per address alone: spraying a
thousand invented emails is one burst, not a thousand, so the table cannot
grow with the number of names tried. Attempts the sign-in throttle refused
(`user.login_throttled`) fold the same way, under their own count.
The attempted password is never read: Django hands it over already masked,
and only the email is kept.

Only attempts that arrive as HTTP requests are recorded: a session made in
code (a shell, the test client's force_login) is nobody signing in.
"""

import hashlib
import time
from typing import TYPE_CHECKING, Any, TypeGuard

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from accounts.models import User
from accounts.selectors import workspace_for_user
from accounts.signals import security_event
from api.ratelimit import guarded_cache
from audit.services import AuditContext, audit_event_record

FOLD_SECONDS = 60
EMAIL_LENGTH = 254


if TYPE_CHECKING:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator


def _from_http(request: HttpRequest | None) -> TypeGuard[HttpRequest]:
    return request is not None and getattr(request, "method", None) is not None


@receiver(user_logged_in, dispatch_uid="audit.user_login")
def record_login(sender: object, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    if not _from_http(request):
        return
    audit_event_record(
        action="user.login",
        actor=user,
        workspace=workspace_for_user(user),
        context=AuditContext.from_request(request),
    )


@receiver(user_login_failed, dispatch_uid="audit.user_login_failed")
def record_login_failure(
    sender: object,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    throttled: bool = False,
    **kwargs: object,
) -> None:
    """A wrong password, an unknown email, or (`throttled`, from accounts.adapter)
    an attempt the sign-in throttle refused before checking anything."""
    if not _from_http(request):
        return
    attempted = credentials.get("username") or credentials.get(User.USERNAME_FIELD) or ""
    email = User.objects.normalize_email(str(attempted))[:EMAIL_LENGTH]
    user = User.objects.filter(email=email).first() if email else None
    action = "user.login_throttled" if throttled else "user.login_failed"
    context = AuditContext.from_request(request)
    count = _count_failure(action, email if user else "", context.ip)
    if count is not None and count & (count - 1):
        return  # folded: not the first failure, nor one that doubles the count
    audit_event_record(
        action=action,
        workspace=workspace_for_user(user) if user else None,
        target=user,
        target_label=email,
        context=context,
        metadata={
            "email": email,
            "known_account": user is not None,
            "count": count or 1,
            "within_seconds": FOLD_SECONDS,
        },
    )


def _count_failure(action: str, email: str, ip: str | None) -> int | None:
    """This failure's number in its minute for (action, email, address); None
    without a cache. `email` is blank for emails that have no account."""
    digest = hashlib.sha256(f"{action}|{email}|{ip}".encode()).hexdigest()[:32]
    key = f"loginfail:{digest}:{int(time.time()) // FOLD_SECONDS}"

    def count() -> int:
        cache.add(key, 0, timeout=FOLD_SECONDS * 2)
        return cache.incr(key)

    return guarded_cache(count, None)


def _record_account_change(
    action: str, request: HttpRequest | None, user: User, **metadata: object
) -> None:
    """A change to how someone signs in, in their own workspace's events."""
    audit_event_record(
        action=action,
        actor=user,
        workspace=workspace_for_user(user),
        target=user,
        target_label=user.email,
        context=AuditContext.from_request(request) if _from_http(request) else None,
        metadata=metadata,
    )


@receiver(account_signals.password_changed, dispatch_uid="audit.password_changed")
def record_password_changed(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    _record_account_change("user.password_changed", request, user)


@receiver(account_signals.password_reset, dispatch_uid="audit.password_reset")
def record_password_reset(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    _record_account_change("user.password_reset", request, user)


@receiver(account_signals.email_confirmed, dispatch_uid="audit.email_confirmed")
def record_email_verified(
    sender: object, request: HttpRequest | None, email_address: "EmailAddress", **kwargs: object
) -> None:
    user = email_address.user
    _record_account_change("user.email_verified", request, user, email=email_address.email)


# Activating TOTP also makes the first recovery codes: one event, for the TOTP.
TOTP_ACTIONS = {
    mfa_signals.authenticator_added: "user.mfa_enabled",
    mfa_signals.authenticator_removed: "user.mfa_disabled",
}


@receiver(list(TOTP_ACTIONS), dispatch_uid="audit.mfa_totp")
def record_totp_change(
    sender: object,
    signal: Signal,
    request: HttpRequest | None,
    user: User,
    authenticator: "Authenticator",
    **kwargs: object,
) -> None:
    """Two-factor turned on or off (`signal` says which)."""
    if authenticator.type == authenticator.Type.TOTP:
        _record_account_change(TOTP_ACTIONS[signal], request, user, type=authenticator.type)


@receiver(mfa_signals.authenticator_reset, dispatch_uid="audit.mfa_reset")
def record_recovery_codes_regenerated(
    sender: object,
    request: HttpRequest | None,
    user: User,
    authenticator: "Authenticator",
    **kwargs: object,
) -> None:
    if authenticator.type == authenticator.Type.RECOVERY_CODES:
        _record_account_change("user.recovery_codes_regenerated", request, user)


@receiver(security_event, dispatch_uid="audit.security_event")
def record_security_event(
    sender: object,
    action: str,
    context: AuditContext | None = None,
    signal: object = None,
    **event: Any,
) -> None:
    """What accounts' services report (members, invitations, workspaces), recorded
    inside their transaction."""
    audit_event_record(action=action, context=context, **event)
