"""Users' authorizations of OAuth apps: granting (consent) and revoking.

Revocations are set-based: a handful of statements however many tokens an
app holds, never a loop over rows.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, Model, Q, QuerySet
from django.utils import timezone

from accounts.models import User, Workspace
from audit.services import AuditContext, audit_event_record
from oauthapps.models import AccessToken, Application, Consent, Grant, RefreshToken
from oauthapps.scopes import ordered
from oauthapps.services.rules import app_event_record


@transaction.atomic
def authorization_grant(
    *,
    user: User,
    application: Application,
    workspace: Workspace,
    scopes: Iterable[str],
    context: AuditContext | None = None,
) -> Consent:
    """The user clicked Allow: remember it (widening any earlier consent) and audit it."""
    consent, created = Consent.objects.select_for_update().get_or_create(
        user=user, application=application, workspace=workspace, defaults={"scope": ""}
    )
    consent.scope = " ".join(ordered(set(consent.scopes) | set(scopes)))
    consent.updated_at = timezone.now()
    consent.save(update_fields=["scope", "updated_at"])
    app_event_record(
        "oauth.authorized",
        application=application,
        actor=user,
        workspace=workspace,
        context=context,
        scopes=ordered(scopes),
        first_time=created,
    )
    return consent


@transaction.atomic
def authorization_revoke(
    *,
    user: User,
    actor: User | None,
    application: Application | None = None,
    workspace: Workspace | None = None,
    reason: str = "",
    context: AuditContext | None = None,
) -> int:
    """Take away everything `application` (or every app) holds for `user` (in
    `workspace`, or in all of them), at once; returns tokens revoked.

    Refresh tokens are marked revoked, not deleted, so that a replay of one is
    still recognised; access tokens and unused codes are deleted; the consent
    goes, so the app has to ask again. One event per app and workspace, with
    `reason` when it was not the user's own choice (they left the workspace).
    """
    now = timezone.now()
    mine: dict[str, Model] = {"user": user}
    mine |= {"application": application} if application is not None else {}
    mine |= {"workspace": workspace} if workspace is not None else {}
    live_refresh = RefreshToken.objects.filter(**mine, revoked__isnull=True)
    pairs: set[tuple[int | None, int | None]] = set()
    for rows in (Consent.objects.filter(**mine), AccessToken.objects.filter(**mine), live_refresh):
        pairs |= set(rows.values_list("workspace_id", "application_id").distinct())
    refresh_count = live_refresh.update(revoked=now, updated=now)
    access_count, _ = AccessToken.objects.filter(**mine).delete()
    Grant.objects.filter(**mine).delete()
    Consent.objects.filter(**mine).delete()
    workspaces = Workspace.objects.in_bulk({ws for ws, _ in pairs} - {None})
    applications = Application.objects.in_bulk({app for _, app in pairs} - {None})
    for workspace_id, application_id in sorted(pairs, key=str):
        if workspace_id not in workspaces or application_id not in applications:
            continue
        app = applications[application_id]
        app_event_record(
            "oauth.authorization_revoked",
            application=app,
            actor=actor,
            workspace=workspaces[workspace_id],
            context=context,
            user=user.public_id,
            access_tokens=access_count,
            refresh_tokens=refresh_count,
            **({"reason": reason} if reason else {}),
        )
    return access_count + refresh_count


@transaction.atomic
def authorization_code_reused(*, grant: Grant) -> None:
    """A redeemed code came back: revoke every token issued from it (RFC 6749 4.1.2).

    The exchange started the refresh-token family named on the code, and
    every rotation since stayed in it, so one family revocation covers them.
    """
    RefreshToken.revoke_family(grant.token_family)
    app_event_record(
        "oauth.code_reused",
        application=grant.application,
        actor=None,
        workspace=grant.workspace,
        context=None,
        user=grant.user.public_id,
    )


# Rows per (workspace id, application id); either id is None for a row bound to none.
AppCounts = Counter[tuple[int | None, int | None]]


def _per_app(queryset: "QuerySet[AccessToken] | QuerySet[RefreshToken]") -> AppCounts:
    """How many rows of `queryset` each (workspace id, application id) holds."""
    rows = (
        queryset.order_by()
        .values("workspace_id", "application_id")
        .annotate(n=Count("pk"))
        .values_list("workspace_id", "application_id", "n")
    )
    return Counter({(workspace_id, app_id): n for workspace_id, app_id, n in rows})


@transaction.atomic
def tokens_revoke(
    *,
    access_tokens: "QuerySet[AccessToken] | None" = None,
    refresh_tokens: "QuerySet[RefreshToken] | None" = None,
    actor: User,
    context: AuditContext | None = None,
) -> tuple[int, int]:
    """Staff revoke a selection of tokens; returns (access tokens, refresh tokens) revoked.

    An access token takes its refresh token with it, and a refresh token its
    access token: neither half of a pair keeps working. Set-based, with one
    event per workspace and app naming the counts.
    """
    access_ids = access_tokens.values("pk") if access_tokens is not None else []
    refresh_ids = refresh_tokens.values("pk") if refresh_tokens is not None else []
    live_refresh = RefreshToken.objects.filter(
        Q(pk__in=refresh_ids) | Q(access_token__in=access_ids), revoked__isnull=True
    )
    # Listed before anything changes: deleting an access token unbinds its
    # refresh token, and revoking a refresh token drops it from `live_refresh`.
    doomed_ids = list(
        AccessToken.objects.filter(
            Q(pk__in=access_ids) | Q(pk__in=live_refresh.values("access_token_id"))
        ).values_list("pk", flat=True)
    )
    doomed = AccessToken.objects.filter(pk__in=doomed_ids)
    access_counts, refresh_counts = _per_app(doomed), _per_app(live_refresh)
    now = timezone.now()
    refresh_count = live_refresh.update(revoked=now, updated=now)
    doomed.delete()
    _record_tokens_revoked(access_counts, refresh_counts, actor=actor, context=context)
    return len(doomed_ids), refresh_count


def _record_tokens_revoked(
    access_counts: AppCounts,
    refresh_counts: AppCounts,
    *,
    actor: User,
    context: AuditContext | None,
) -> None:
    groups = access_counts.keys() | refresh_counts.keys()
    workspaces = Workspace.objects.in_bulk({workspace_id for workspace_id, _ in groups} - {None})
    applications = Application.objects.in_bulk({app_id for _, app_id in groups} - {None})
    for workspace_id, app_id in sorted(groups, key=lambda group: (group[0] or 0, group[1] or 0)):
        application = applications.get(app_id)
        audit_event_record(
            action="oauth.tokens_revoked",
            actor=actor,
            workspace=workspaces.get(workspace_id),
            target=application,
            target_label=application.name if application else "",
            context=context,
            metadata={
                "client_id": application.client_id if application else None,
                "access_tokens": access_counts[(workspace_id, app_id)],
                "refresh_tokens": refresh_counts[(workspace_id, app_id)],
            },
        )
