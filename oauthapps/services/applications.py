"""Registering, changing and deleting a developer's OAuth apps.

Every change writes its audit event in the same transaction. Client secrets
are generated here, hashed on save by DOT, and handed back in plain text once
so the page can show them once; nothing keeps the plain text after that, only
a hint (`AbC1…wxYz`) to tell secrets apart; rotating one is
oauthapps.services.secrets.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from audit.changes import changed_fields, field_values
from audit.services import AuditContext
from oauthapps.redirect_uris import validate_redirect_uris
from oauthapps.services.rules import app_event_record, require_owner
from oauthapps.services.secrets import describe_new_secret

if TYPE_CHECKING:
    from accounts.models import User
    from oauthapps.models import Application


def _uris(redirect_uris: str | Iterable[str]) -> str:
    """DOT keeps redirect URIs space-separated; accept a text or a list."""
    text = redirect_uris if isinstance(redirect_uris, str) else " ".join(redirect_uris)
    return " ".join(validate_redirect_uris(text))


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
        describe_new_secret(application, secret)
    application.full_clean()
    application.save()
    app_event_record(
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
    require_owner(application, actor)
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
    app_event_record(
        "oauth_app.updated", application=application, actor=actor, context=context, changes=changes
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
    # Counted by the database: a popular app's token holders do not fit in memory.
    holders = (
        access_tokens.filter(user__isnull=False)
        .values("user_id")
        .union(refresh_tokens.filter(user__isnull=False).values("user_id"))
    )
    return {
        "access_tokens": access_tokens.count(),
        "refresh_tokens": refresh_tokens.count(),
        "grants": get_grant_model()
        .objects.filter(application=application, expires__gt=now)
        .count(),
        "users": holders.count(),
    }


@transaction.atomic
def application_delete(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> None:
    """Delete an app with every token and code issued to it: they stop working at once."""
    require_owner(application, actor)
    delete_with_everything_issued(application, actor=actor, context=context)


def delete_with_everything_issued(
    application: "Application", *, actor: "User | None", context: AuditContext | None
) -> None:
    """The deletion itself, once the caller has checked who may (owner or staff)."""
    application = type(application).objects.select_for_update().get(pk=application.pk)
    counts = application_token_counts(application)
    # Set-based, in the order the foreign keys point: codes, refresh tokens
    # (which point at access tokens), access tokens, then the app itself.
    get_grant_model().objects.filter(application=application).delete()
    get_refresh_token_model().objects.filter(application=application).delete()
    get_access_token_model().objects.filter(application=application).delete()
    app_event_record(
        "oauth_app.deleted",
        application=application,
        actor=actor,
        context=context,
        revoked=counts,
    )
    application.delete()
