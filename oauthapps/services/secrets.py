"""Client secrets: describing a new one, rotating, and stopping the previous one.

Rotating a secret can leave the old one working for an overlap, so that every
running instance of the app can be given the new one before the old one
stops. There is one previous secret at most: rotating again during an
overlap replaces it with the secret that was current, and the oldest stops.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.timesince import timeuntil
from oauth2_provider.generators import generate_client_secret

from accounts.handover import LONGEST_HANDOVER
from audit.services import AuditContext
from oauthapps.hashers import client_secret_hashed, client_secret_hint
from oauthapps.services.rules import app_event_record, require_owner

if TYPE_CHECKING:
    from accounts.models import User
    from oauthapps.models import Application

# Changed, never shown: the event says a secret changed, not what it became.
SECRET_FIELDS = frozenset({"client_secret"})
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


def describe_new_secret(
    application: "Application", secret: str, *, at: datetime | None = None
) -> None:
    """What the pages show of a secret: its hint, from the plain text, and when it was made."""
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
    require_owner(application, actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    if application.client_type != application.CLIENT_CONFIDENTIAL:
        raise ValidationError("Public clients have no secret to rotate.")
    if not timedelta(0) <= overlap <= LONGEST_HANDOVER:
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
    describe_new_secret(application, secret, at=now)
    application.save(update_fields=[*_CURRENT_SECRET, *_PREVIOUS_SECRET, "updated"])
    app_event_record(
        "oauth_app.secret_rotated",
        application=application,
        actor=actor,
        context=context,
        workspace=None,  # an app is a developer's, in no workspace
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
    require_owner(application, actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    expires_at = application.previous_client_secret_expires_at
    if expires_at is None or not application.previous_secret_works:
        raise ValidationError("The previous secret has already stopped working.")
    _forget_previous_secret(application)
    application.save(update_fields=[*_PREVIOUS_SECRET, "updated"])
    app_event_record(
        "oauth_app.previous_secret_revoked",
        application=application,
        actor=actor,
        context=context,
        would_have_expired_at=_stamp(expires_at),
    )
    return application
