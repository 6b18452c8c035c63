"""Sign-ins in the security events (`user.login`, `user.login_failed`), and the
events accounts' services report (`security_event`: members, invitations, workspaces).

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
The attempted password is never read: Django hands it over already masked,
and only the email is kept.

Only attempts that arrive as HTTP requests are recorded: a session made in
code (a shell, the test client's force_login) is nobody signing in.
"""

import hashlib
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

from accounts.selectors import workspace_for_user
from accounts.signals import security_event
from api.ratelimit import guarded_cache
from audit.services import AuditContext, audit_event_record

FOLD_SECONDS = 60
EMAIL_LENGTH = 254


def _from_http(request) -> bool:
    return request is not None and getattr(request, "method", None) is not None


@receiver(user_logged_in, dispatch_uid="audit.user_login")
def record_login(sender, request, user, **kwargs):
    if not _from_http(request):
        return
    audit_event_record(
        action="user.login",
        actor=user,
        workspace=workspace_for_user(user),
        context=AuditContext.from_request(request),
    )


@receiver(user_login_failed, dispatch_uid="audit.user_login_failed")
def record_login_failure(sender, credentials, request=None, **kwargs):
    if not _from_http(request):
        return
    User = get_user_model()
    attempted = credentials.get("username") or credentials.get(User.USERNAME_FIELD) or ""
    email = User.objects.normalize_email(str(attempted))[:EMAIL_LENGTH]
    context = AuditContext.from_request(request)
    count = _count_failure(email, context.ip)
    if count is not None and count & (count - 1):
        return  # folded: not the first failure, nor one that doubles the count
    user = User.objects.filter(email=email).first() if email else None
    audit_event_record(
        action="user.login_failed",
        workspace=workspace_for_user(user) if user else None,
        target=user,
        target_label=email,
        context=context,
        metadata={"email": email, "count": count or 1, "within_seconds": FOLD_SECONDS},
    )


def _count_failure(email: str, ip: str | None) -> int | None:
    """This failure's number in its minute for (email, address); None without a cache."""
    digest = hashlib.sha256(f"{email}|{ip}".encode()).hexdigest()[:32]
    key = f"loginfail:{digest}:{int(time.time()) // FOLD_SECONDS}"

    def count():
        cache.add(key, 0, timeout=FOLD_SECONDS * 2)
        return cache.incr(key)

    return guarded_cache(count, None)


@receiver(security_event, dispatch_uid="audit.security_event")
def record_security_event(sender, action, context=None, signal=None, **event):
    """What accounts' services report (members, invitations, workspaces), recorded
    inside their transaction."""
    audit_event_record(action=action, context=context, **event)
