"""A refresh token presented after it was rotated: the whole session ends.

RFC 9700 section 4.14.2: with rotation, a rotated refresh token coming back
means two parties hold it, and the server cannot tell the client from the
thief, so every token of the family is revoked and the user authorizes again.
"""

from django.db import transaction

from audit.services import AuditContext, audit_event_record
from oauthapps.models import RefreshToken


@transaction.atomic
def refresh_token_reused(*, token: RefreshToken, context: AuditContext | None = None) -> bool:
    """Revoke `token`'s family; True (and one security event) when that ended a live session.

    The live rows are locked first, so when many replays arrive at once only
    the one that finds the session still alive records the event.
    """
    live = list(
        RefreshToken.objects.select_for_update()
        .filter(token_family=token.token_family, revoked__isnull=True)
        .values_list("pk", flat=True)
    )
    RefreshToken.revoke_family(token.token_family)
    if not live:
        return False
    application = token.application
    audit_event_record(
        action="oauth.refresh_token_reused",
        workspace=token.workspace,
        target=application,
        target_label=application.name,
        context=context,
        metadata={"client_id": application.client_id, "user": token.user.public_id},
    )
    return True
