"""Keys follow their creator's membership (DESIGN: a key acts as its creator).

When someone leaves or is removed from a workspace, the keys they created
there are revoked; when they are demoted below admin, `admin` is taken off
their keys. Both happen in the transaction of the membership change (the
signals are sent inside it), set-based, with an event per key naming why.
"""

from allauth.account.signals import email_confirmed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.context import AuditContext
from accounts.models import Membership, User, Workspace, role_manages
from accounts.signals import membership_ended, membership_role_changed
from api.credential_cache import credentials_changed
from apikeys.events import key_updated_record
from apikeys.models import ApiKey, RevokedVia
from apikeys.services import keys_revoke_of_departed
from audit.changes import changed_fields, field_values

REASONS = {"member_left": RevokedVia.MEMBER_LEFT, "member_removed": RevokedVia.MEMBER_REMOVED}


@receiver(membership_ended, dispatch_uid="apikeys.revoke_departed_members_keys")
def revoke_keys_of_departed_member(
    sender: object,
    membership: Membership,
    actor: User | None,
    reason: str,
    context: AuditContext | None = None,
    **kwargs: object,
) -> None:
    keys_revoke_of_departed(
        workspace=membership.workspace,
        user=membership.user,
        actor=actor,
        via=REASONS.get(reason, RevokedVia.MEMBER_REMOVED),
        context=context,
    )


@receiver(membership_role_changed, dispatch_uid="apikeys.strip_admin_on_demotion")
def strip_admin_from_demoted_members_keys(
    sender: object,
    membership: Membership,
    old_role: str,
    actor: User | None,
    context: AuditContext | None = None,
    **kw: object,
) -> None:
    if role_manages(membership.role):
        return
    # Only the keys' rows are locked; the workspace is read for their events.
    rows = ApiKey.objects.select_for_update(of=("self",)).select_related("workspace")
    keys = rows.filter(
        workspace_id=membership.workspace_id,
        created_by_id=membership.user_id,
        revoked_at__isnull=True,
    )
    # A person holds a handful of keys; JSON containment is not portable to SQLite.
    for key in [key for key in keys if "admin" in key.permissions]:
        before = field_values(key, ["permissions"])
        key.permissions = [p for p in key.permissions if p != "admin"]
        key.save(update_fields=["permissions"])
        changes = changed_fields(before, key)
        key_updated_record(
            key=key, actor=actor, context=context, changes=changes, reason="role_changed"
        )


# What a cached credential's verdict depends on (api.credential_cache).
for model in (ApiKey, User, Membership, Workspace):
    post_save.connect(credentials_changed, sender=model, dispatch_uid=f"cache.{model.__name__}.s")
    post_delete.connect(credentials_changed, sender=model, dispatch_uid=f"cache.{model.__name__}.d")
# Set-based changes send no post_save: the one that updates users' verification.
email_confirmed.connect(credentials_changed, dispatch_uid="cache.email_confirmed")
