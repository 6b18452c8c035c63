"""OAuth access follows membership: someone who leaves a workspace (or is removed)
loses every token and consent they gave apps for it, in the same transaction."""

from django.dispatch import receiver

from accounts.signals import membership_ended
from oauthapps.services.authorizations import authorization_revoke


@receiver(membership_ended, dispatch_uid="oauthapps.end_departed_members_authorizations")
def end_authorizations_of_departed_member(sender, membership, actor, reason, context=None, **kw):
    authorization_revoke(
        user=membership.user,
        workspace=membership.workspace,
        actor=actor,
        reason=reason,
        context=context,
    )
