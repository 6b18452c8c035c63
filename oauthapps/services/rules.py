"""What every change to an OAuth app follows: who may make it, and the event that
records it (`client_id` always in its metadata, the app as its target)."""

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from audit.changes import changed_fields, field_values
from audit.services import AuditContext, audit_event_record

if TYPE_CHECKING:
    from accounts.models import User, Workspace
    from oauthapps.models import Application


def require_owner(application: "Application", actor: "User | None") -> None:
    if actor is None or application.user_id != actor.pk:
        raise PermissionDenied("Only the app's owner can change it.")


def require_staff(actor: "User | None", permission: str = "change_application") -> None:
    """Staff in the admin: active, and holding `permission` on apps."""
    if actor is None or not actor.is_active or not actor.has_perm(f"oauthapps.{permission}"):
        raise PermissionDenied("Only staff who may change OAuth apps can do that.")


def app_event_record(
    action: str,
    *,
    application: "Application",
    actor: "User | None",
    context: AuditContext | None,
    workspace: "Workspace | None" = None,
    **metadata: object,
) -> None:
    audit_event_record(
        action=action,
        actor=actor,
        workspace=workspace,
        target=application,
        target_label=application.name,
        context=context,
        metadata={"client_id": application.client_id, **metadata},
    )


def app_switch_set(
    action: str,
    *,
    application: "Application",
    field: str,
    value: bool,
    actor: "User | None",
    context: AuditContext | None,
) -> "Application":
    """Turn one of the app's switches on or off, under the row's lock, and record the
    change as `action`; an app already set that way is left alone, unrecorded."""
    application = type(application).objects.select_for_update().get(pk=application.pk)
    before = field_values(application, [field])
    setattr(application, field, value)
    changes = changed_fields(before, application)
    if changes:
        application.save(update_fields=[field, "updated"])
        app_event_record(
            action, application=application, actor=actor, context=context, changes=changes
        )
    return application
