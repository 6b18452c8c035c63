"""Users' authorizations of OAuth apps: granting (consent) and revoking.

Revocations are set-based: a handful of statements however many tokens an
app holds, never a loop over rows.
"""

from django.db import transaction
from django.utils import timezone

from accounts.models import Workspace
from audit.services import AuditContext, audit_event_record
from oauthapps.models import AccessToken, Application, Consent, Grant, RefreshToken
from oauthapps.scopes import ordered


@transaction.atomic
def authorization_grant(
    *, user, application, workspace, scopes, context: AuditContext | None = None
) -> Consent:
    """The user clicked Allow: remember it (widening any earlier consent) and audit it."""
    consent, created = Consent.objects.select_for_update().get_or_create(
        user=user, application=application, workspace=workspace, defaults={"scope": ""}
    )
    consent.scope = " ".join(ordered(set(consent.scopes) | set(scopes)))
    consent.updated_at = timezone.now()
    consent.save(update_fields=["scope", "updated_at"])
    audit_event_record(
        action="oauth.authorized",
        actor=user,
        workspace=workspace,
        target=application,
        target_label=application.name,
        context=context,
        metadata={
            "client_id": application.client_id,
            "scopes": ordered(scopes),
            "first_time": created,
        },
    )
    return consent


@transaction.atomic
def authorization_revoke(
    *, user, application, actor, workspace=None, context: AuditContext | None = None
) -> int:
    """Take away everything `application` holds for `user` (in `workspace`, or in all of
    them), at once; returns tokens revoked.

    Refresh tokens are marked revoked, not deleted, so that a replay of one is
    still recognised; access tokens and unused codes are deleted; the consent
    goes, so the app has to ask again.
    """
    now = timezone.now()
    mine = {"user": user, "application": application}
    if workspace is not None:
        mine["workspace"] = workspace
    workspace_ids = set(Consent.objects.filter(**mine).values_list("workspace_id", flat=True))
    workspace_ids |= set(
        AccessToken.objects.filter(**mine).values_list("workspace_id", flat=True).distinct()
    )
    refresh_count = RefreshToken.objects.filter(**mine, revoked__isnull=True).update(
        revoked=now, updated=now
    )
    access_count, _ = AccessToken.objects.filter(**mine).delete()
    Grant.objects.filter(**mine).delete()
    Consent.objects.filter(**mine).delete()
    for workspace in Workspace.objects.filter(pk__in=workspace_ids - {None}):
        audit_event_record(
            action="oauth.authorization_revoked",
            actor=actor,
            workspace=workspace,
            target=application,
            target_label=application.name,
            context=context,
            metadata={
                "client_id": application.client_id,
                "user": user.public_id,
                "access_tokens": access_count,
                "refresh_tokens": refresh_count,
            },
        )
    return access_count + refresh_count


@transaction.atomic
def authorization_code_reused(*, grant) -> None:
    """A redeemed code came back: revoke every token issued from it (RFC 6749 4.1.2).

    The exchange started the refresh-token family named on the code, and
    every rotation since stayed in it, so one family revocation covers them.
    """
    RefreshToken.revoke_family(grant.token_family)
    audit_event_record(
        action="oauth.code_reused",
        workspace=grant.workspace,
        target=grant.application,
        target_label=grant.application.name,
        metadata={"client_id": grant.application.client_id, "user": grant.user.public_id},
    )


@transaction.atomic
def authorizations_end_in_workspace(
    *, user, workspace, actor, reason: str, context: AuditContext | None = None
) -> int:
    """Take away what every app holds for `user` in `workspace` (they left it).

    Set-based like authorization_revoke, one event per app; returns tokens revoked.
    """
    now = timezone.now()
    mine = {"user": user, "workspace": workspace}
    app_ids = set(Consent.objects.filter(**mine).values_list("application_id", flat=True))
    app_ids |= set(AccessToken.objects.filter(**mine).values_list("application_id", flat=True))
    app_ids |= set(
        RefreshToken.objects.filter(**mine, revoked__isnull=True).values_list(
            "application_id", flat=True
        )
    )
    refresh_count = RefreshToken.objects.filter(**mine, revoked__isnull=True).update(
        revoked=now, updated=now
    )
    access_count, _ = AccessToken.objects.filter(**mine).delete()
    Grant.objects.filter(**mine).delete()
    Consent.objects.filter(**mine).delete()
    for application in Application.objects.filter(pk__in=app_ids - {None}):
        audit_event_record(
            action="oauth.authorization_revoked",
            actor=actor,
            workspace=workspace,
            target=application,
            target_label=application.name,
            context=context,
            metadata={"client_id": application.client_id, "user": user.public_id, "reason": reason},
        )
    return access_count + refresh_count
