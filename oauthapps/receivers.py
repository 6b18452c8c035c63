"""OAuth access follows membership: someone who leaves a workspace (or is removed)
loses every token and consent they gave apps for it, in the same transaction."""

from collections.abc import Iterable

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from accounts.context import AuditContext
from accounts.models import Membership, User
from accounts.signals import membership_ended
from api.credential_cache import credential_revoked, credentials_changed
from oauthapps.models import AccessToken, Application
from oauthapps.services.authorizations import authorization_revoke


@receiver(membership_ended, dispatch_uid="oauthapps.end_departed_members_authorizations")
def end_authorizations_of_departed_member(
    sender: object,
    membership: Membership,
    actor: User | None,
    reason: str,
    context: AuditContext | None = None,
    **kw: object,
) -> None:
    authorization_revoke(
        user=membership.user,
        workspace=membership.workspace,
        actor=actor,
        reason=reason,
        context=context,
    )


# What a cached access token's verdict depends on (api.credential_cache): its own
# row (a revoked, refreshed-away or deleted token is marked for as long as it
# could otherwise have been used), and its app's first-party status and
# existence, which bump the generation like every other change of that kind.
def access_token_changed(
    sender: type[AccessToken],
    instance: AccessToken,
    update_fields: Iterable[str] | None = None,
    created: bool = False,
    **kwargs: object,
) -> None:
    if created or (update_fields and set(update_fields) <= {"last_used_at"}):
        return
    lifetime = (instance.expires - timezone.now()).total_seconds() if instance.expires else 0
    # Whole seconds, as the marker keeps them.
    credential_revoked("oauth", instance.pk, lifetime=int(lifetime + 60))


post_save.connect(access_token_changed, sender=AccessToken, dispatch_uid="cache.AccessToken.s")
post_delete.connect(access_token_changed, sender=AccessToken, dispatch_uid="cache.AccessToken.d")
post_save.connect(credentials_changed, sender=Application, dispatch_uid="cache.Application.s")
post_delete.connect(credentials_changed, sender=Application, dispatch_uid="cache.Application.d")
