"""Registering, changing and deleting a developer's OAuth apps.

Every change writes its audit event in the same transaction. Client secrets
are generated here, hashed on save by DOT, and handed back in plain text once
so the page can show them once; nothing keeps the plain text after that, only
a hint (`AbC1…wxYz`) to tell secrets apart.

Rotating a secret can leave the old one working for an overlap, so that every
running instance of the app can be given the new one before the old one
stops. There is one previous secret at most: rotating again during an
overlap replaces it with the secret that was current, and the oldest stops.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.timesince import timeuntil
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from audit.changes import changed_fields, field_values
from audit.services import AuditContext, audit_event_record
from oauthapps.hashers import client_secret_hashed, client_secret_hint
from oauthapps.redirect_uris import validate_redirect_uris

if TYPE_CHECKING:
    from accounts.models import User
    from oauthapps.models import Application

# Changed, never shown: the event says a secret changed, not what it became.
SECRET_FIELDS = frozenset({"client_secret"})
# How long a rotated secret keeps working, spelled as an API key roll's grace periods are.
SECRET_OVERLAPS = {
    "none": timedelta(0),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}
MAX_SECRET_OVERLAP = max(SECRET_OVERLAPS.values())
# The columns that describe each of the two secrets.
_CURRENT_SECRET = (
    "client_secret",
    "hash_client_secret",
    "client_secret_hint",
    "client_secret_created_at",
)
_PREVIOUS_SECRET = (
    "previous_client_secret",
    "previous_client_secret_hint",
    "previous_client_secret_expires_at",
)


def _uris(redirect_uris: str | Iterable[str]) -> str:
    """DOT keeps redirect URIs space-separated; accept a text or a list."""
    text = redirect_uris if isinstance(redirect_uris, str) else " ".join(redirect_uris)
    return " ".join(validate_redirect_uris(text))


def _require_owner(application: "Application", actor: "User | None") -> None:
    if actor is None or application.user_id != actor.pk:
        raise PermissionDenied("Only the app's owner can change it.")


def _require_staff(actor: "User | None", permission: str = "change_application") -> None:
    """Staff in the admin: active, and holding `permission` on apps."""
    if actor is None or not actor.is_active or not actor.has_perm(f"oauthapps.{permission}"):
        raise PermissionDenied("Only staff who may change OAuth apps can do that.")


def _record(
    action: str,
    *,
    application: "Application",
    actor: "User | None",
    context: AuditContext | None,
    **metadata: object,
) -> None:
    audit_event_record(
        action=action,
        actor=actor,
        target=application,
        target_label=application.name,
        context=context,
        metadata={"client_id": application.client_id, **metadata},
    )


@transaction.atomic
def application_create(
    *,
    user: "User",
    name: str,
    redirect_uris: str | Iterable[str],
    client_type: str,
    context: AuditContext | None = None,
) -> "tuple[Application, str | None]":
    """Register an app for the authorization code flow. Returns (application, secret).

    A confidential client gets a secret to show once. A public client (a native
    or browser app) cannot keep one: it authenticates with PKCE, so its secret
    is None and the random value stored for it is never shown to anyone.
    """
    Application = get_application_model()
    if client_type not in (Application.CLIENT_CONFIDENTIAL, Application.CLIENT_PUBLIC):
        raise ValidationError({"client_type": "Choose confidential or public."})
    secret = generate_client_secret()
    application = Application(
        user=user,
        name=name.strip(),
        redirect_uris=_uris(redirect_uris),
        client_type=client_type,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        client_secret=secret,
        hash_client_secret=True,
    )
    if client_type == Application.CLIENT_CONFIDENTIAL:
        _describe_new_secret(application, secret)
    application.full_clean()
    application.save()
    _record(
        "oauth_app.created",
        application=application,
        actor=user,
        context=context,
        client_type=client_type,
        redirect_uris=application.redirect_uris.split(),
    )
    is_confidential = client_type == Application.CLIENT_CONFIDENTIAL
    return application, (secret if is_confidential else None)


@transaction.atomic
def application_update(
    *,
    application: "Application",
    actor: "User | None",
    name: str | None = None,
    redirect_uris: str | Iterable[str] | None = None,
    context: AuditContext | None = None,
) -> "Application":
    """Rename an app or change its redirect URIs. The client type stays as registered."""
    _require_owner(application, actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    before = field_values(application, ("name", "redirect_uris"))
    if name is not None:
        application.name = name.strip()
    if redirect_uris is not None:
        application.redirect_uris = _uris(redirect_uris)
    application.full_clean()
    changes = changed_fields(before, application)
    if not changes:
        return application
    application.save(update_fields=[*changes, "updated"])
    _record(
        "oauth_app.updated", application=application, actor=actor, context=context, changes=changes
    )
    return application


def _describe_new_secret(
    application: "Application", secret: str, *, at: datetime | None = None
) -> None:
    application.client_secret_hint = client_secret_hint(secret)
    application.client_secret_created_at = at or timezone.now()


def _stamp(moment: datetime) -> str:
    """A time as an event keeps it, to the second."""
    return moment.replace(microsecond=0).isoformat()


def _spoken(overlap: timedelta, now: datetime) -> str:
    """`1 week`, `1 hour`, `none`: the overlap as the events page shows it."""
    return timeuntil(now + overlap, now).replace("\xa0", " ") if overlap else "none"


@transaction.atomic
def application_rotate_secret(
    *,
    application: "Application",
    actor: "User | None",
    overlap: timedelta = timedelta(0),
    context: AuditContext | None = None,
) -> "tuple[Application, str]":
    """A new client secret, returned once; the old one keeps working for `overlap`.

    With no overlap the old secret stops now (do that when it leaked). A
    previous secret still in its overlap stops now either way: only the one
    that was current carries on. Tokens already issued keep working until
    they expire or are revoked: rotation is about the secret, not about the
    people who allowed the app.
    """
    _require_owner(application, actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    if application.client_type != application.CLIENT_CONFIDENTIAL:
        raise ValidationError("Public clients have no secret to rotate.")
    if not timedelta(0) <= overlap <= MAX_SECRET_OVERLAP:
        raise ValidationError({"overlap": "Choose between no overlap and 7 days."})
    now = timezone.now()
    older_stops = application.previous_secret_works
    if overlap:
        application.previous_client_secret = client_secret_hashed(application.client_secret)
        application.previous_client_secret_hint = application.client_secret_hint
        application.previous_client_secret_expires_at = now + overlap
    else:
        _forget_previous_secret(application)
    secret = generate_client_secret()
    application.client_secret = secret
    application.hash_client_secret = True
    _describe_new_secret(application, secret, at=now)
    application.save(update_fields=[*_CURRENT_SECRET, *_PREVIOUS_SECRET, "updated"])
    _record(
        "oauth_app.secret_rotated",
        application=application,
        actor=actor,
        context=context,
        overlap=_spoken(overlap, now),
        overlap_seconds=int(overlap.total_seconds()),
        previous_secret_expires_at=_stamp(now + overlap),
        **({"older_secret_stopped": True} if older_stops else {}),
    )
    return application, secret


def _forget_previous_secret(application: "Application") -> None:
    application.previous_client_secret = ""
    application.previous_client_secret_hint = ""
    application.previous_client_secret_expires_at = None


@transaction.atomic
def application_revoke_previous_secret(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> "Application":
    """Stop the previous secret before its overlap ends: every instance has the new one."""
    _require_owner(application, actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    expires_at = application.previous_client_secret_expires_at
    if expires_at is None or not application.previous_secret_works:
        raise ValidationError("The previous secret has already stopped working.")
    _forget_previous_secret(application)
    application.save(update_fields=[*_PREVIOUS_SECRET, "updated"])
    _record(
        "oauth_app.previous_secret_revoked",
        application=application,
        actor=actor,
        context=context,
        would_have_expired_at=_stamp(expires_at),
    )
    return application


def application_token_counts(application: "Application") -> dict[str, int]:
    """What deleting the app stops: live tokens, the people holding them, pending codes."""
    now = timezone.now()
    access_tokens = get_access_token_model().objects.filter(
        application=application, expires__gt=now
    )
    refresh_tokens = get_refresh_token_model().objects.filter(
        application=application, revoked__isnull=True
    )
    users = set(access_tokens.values_list("user_id", flat=True))
    users |= set(refresh_tokens.values_list("user_id", flat=True))
    users.discard(None)
    return {
        "access_tokens": access_tokens.count(),
        "refresh_tokens": refresh_tokens.count(),
        "grants": get_grant_model()
        .objects.filter(application=application, expires__gt=now)
        .count(),
        "users": len(users),
    }


@transaction.atomic
def application_delete(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> None:
    """Delete an app with every token and code issued to it: they stop working at once."""
    _require_owner(application, actor)
    _delete(application, actor=actor, context=context)


def _delete(
    application: "Application", *, actor: "User | None", context: AuditContext | None
) -> None:
    application = type(application).objects.select_for_update().get(pk=application.pk)
    counts = application_token_counts(application)
    # Set-based, in the order the foreign keys point: codes, refresh tokens
    # (which point at access tokens), access tokens, then the app itself.
    get_grant_model().objects.filter(application=application).delete()
    get_refresh_token_model().objects.filter(application=application).delete()
    get_access_token_model().objects.filter(application=application).delete()
    _record(
        "oauth_app.deleted",
        application=application,
        actor=actor,
        context=context,
        revoked=counts,
    )
    application.delete()
