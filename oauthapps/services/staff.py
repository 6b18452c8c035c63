"""Staff's changes to OAuth apps, from the admin: first-party status, edits,
registration and deletion; each writes its event like the developers' own
(oauthapps.services.applications)."""

from typing import TYPE_CHECKING

from django.db import transaction

from audit.services import AuditContext
from oauthapps.services.applications import (
    SECRET_FIELDS,
    _delete,
    _describe_new_secret,
    _record,
    _require_staff,
)

if TYPE_CHECKING:
    from accounts.models import User
    from oauthapps.models import Application


@transaction.atomic
def application_set_first_party(
    *,
    application: "Application",
    first_party: bool,
    actor: "User | None",
    context: AuditContext | None = None,
) -> "Application":
    """Staff mark an app as ours, or not: first-party alone unlocks the admin and
    introspection scopes, so the change is a security event of its own."""
    _require_staff(actor)
    application = type(application).objects.select_for_update().get(pk=application.pk)
    if application.first_party == first_party:
        return application
    old, application.first_party = application.first_party, first_party
    application.save(update_fields=["first_party", "updated"])
    _record(
        "oauth_app.first_party_changed",
        application=application,
        actor=actor,
        context=context,
        changes={"first_party": {"from": old, "to": first_party}},
    )
    return application


@transaction.atomic
def application_staff_update(
    *,
    application: "Application",
    changes: dict[str, object],
    actor: "User | None",
    context: AuditContext | None = None,
) -> "Application":
    """Staff change any of an app's fields from the admin (`changes`: field -> new
    value, already validated by the admin's form). `first_party` has its own service."""
    _require_staff(actor)
    if "first_party" in changes:
        raise ValueError("Use application_set_first_party for first_party.")
    application = type(application).objects.select_for_update().get(pk=application.pk)
    before = {field: _plain(getattr(application, field)) for field in changes}
    for field, value in changes.items():
        setattr(application, field, value)
    recorded = {
        field: "changed"
        if field in SECRET_FIELDS
        else {"from": old, "to": _plain(getattr(application, field))}
        for field, old in before.items()
        if field in SECRET_FIELDS or _plain(getattr(application, field)) != old
    }
    if not recorded:
        return application
    if "client_secret" in recorded and not application._client_secret_is_hashed(
        application.client_secret
    ):
        _describe_new_secret(application, application.client_secret)
    application.save()
    _record(
        "oauth_app.updated",
        application=application,
        actor=actor,
        context=context,
        changes=recorded,
    )
    return application


def _plain(value: object) -> object:
    """A field's value as an event keeps it: related rows by name, times as text."""
    if hasattr(value, "_meta"):
        return str(value)
    return value.isoformat() if hasattr(value, "isoformat") else value


@transaction.atomic
def application_staff_register(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> "Application":
    """Staff add an app from the admin: `application` is the admin form's unsaved app."""
    _require_staff(actor, "add_application")
    application.full_clean()
    if application.client_type == application.CLIENT_CONFIDENTIAL:
        _describe_new_secret(application, application.client_secret)
    application.save()
    _record(
        "oauth_app.created",
        application=application,
        actor=actor,
        context=context,
        client_type=application.client_type,
        redirect_uris=application.redirect_uris.split(),
        first_party=application.first_party,
        owner=application.user.email if application.user else None,
    )
    return application


@transaction.atomic
def application_staff_delete(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> None:
    """Staff delete an app from the admin, with every token and code issued to it."""
    _require_staff(actor, "delete_application")
    _delete(application, actor=actor, context=context)
