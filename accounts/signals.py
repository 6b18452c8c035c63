"""What accounts tells the layers above it, and the one place a new user gets a workspace.

accounts sits at the bottom (DESIGN: imports run one way), so its services
cannot write audit events or revoke API keys themselves. They send these
signals instead, inside their own transaction; receivers run synchronously,
so whatever they write commits or rolls back with the change that caused it:

- `security_event`: audit records it as an AuditEvent (audit/receivers.py).
- `membership_ended`: someone left or was removed from a workspace, or the
  workspace is being deleted; apikeys revokes the keys they created there,
  oauthapps the tokens and consents they gave apps for it.
- `membership_role_changed`: apikeys strips `admin` from the keys of someone
  who no longer holds a role that may have it.
"""

from typing import Any

from django.db import models
from django.db.models.signals import post_save
from django.dispatch import Signal, receiver

from accounts.context import AuditContext
from accounts.models import User, Workspace

# action, actor, workspace, target, target_label, context, metadata
security_event = Signal()
# membership (already deleted), actor, reason, context
membership_ended = Signal()
# membership (with its new role), old_role, actor, context
membership_role_changed = Signal()


def report(
    action: str,
    *,
    actor: User | None = None,
    workspace: Workspace | None = None,
    target: models.Model | None = None,
    target_label: str = "",
    context: AuditContext | None = None,
    # The event's JSON metadata: names to any JSON value.
    metadata: dict[str, Any] | None = None,
) -> None:
    """Send `security_event`: call it inside the transaction of the change it reports."""
    security_event.send(
        sender=User,
        action=action,
        actor=actor,
        workspace=workspace,
        target=target,
        target_label=target_label,
        context=context,
        metadata=metadata or {},
    )


@receiver(post_save, sender=User, dispatch_uid="accounts.own_workspace")
def give_new_user_a_workspace(
    sender: type[User], instance: User, created: bool, raw: bool = False, **kwargs: object
) -> None:
    """Every user has a workspace of their own from the moment they exist.

    Signup, the admin's add-user form, `createsuperuser` and
    `User.objects.create_user` all end in this save; `loaddata` (raw) brings
    its own memberships.
    """
    if not created or raw:
        return
    from accounts.services.workspaces import workspace_create

    workspace_create(owner=instance, name=default_workspace_name(instance)[:100], record=False)


def default_workspace_name(user: User) -> str:
    return f"{user.name or user.email.split('@')[0]}'s workspace"
