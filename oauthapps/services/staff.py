"""Staff's changes to OAuth apps, from the admin: first-party status, edits,
registration and deletion; each writes its event like the developers' own
(oauthapps.services.applications)."""

from typing import TYPE_CHECKING

from django.db import transaction

from audit.changes import changed_fields_with_secrets, field_values
from audit.services import AuditContext
from oauthapps.services.applications import delete_with_everything_issued
from oauthapps.services.rules import app_event_record, app_switch_set, require_staff
from oauthapps.services.secrets import SECRET_FIELDS, describe_new_secret

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
    require_staff(actor)
    return app_switch_set(
        "oauth_app.first_party_changed",
        application=application,
        field="first_party",
        value=first_party,
        actor=actor,
        context=context,
    )


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
    require_staff(actor)
    if "first_party" in changes:
        raise ValueError("Use application_set_first_party for first_party.")
    application = type(application).objects.select_for_update().get(pk=application.pk)
    before = field_values(application, changes)
    for field, value in changes.items():
        setattr(application, field, value)
    recorded = changed_fields_with_secrets(before, application, secrets=SECRET_FIELDS)
    if not recorded:
        return application
    if "client_secret" in recorded and not application._client_secret_is_hashed(
        application.client_secret
    ):
        describe_new_secret(application, application.client_secret)
    application.save()
    app_event_record(
        "oauth_app.updated",
        application=application,
        actor=actor,
        context=context,
        changes=recorded,
    )
    return application


@transaction.atomic
def application_staff_register(
    *, application: "Application", actor: "User | None", context: AuditContext | None = None
) -> "Application":
    """Staff add an app from the admin: `application` is the admin form's unsaved app."""
    require_staff(actor, "add_application")
    application.full_clean()
    if application.client_type == application.CLIENT_CONFIDENTIAL:
        describe_new_secret(application, application.client_secret)
    application.save()
    app_event_record(
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
    require_staff(actor, "delete_application")
    delete_with_everything_issued(application, actor=actor, context=context)
