from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max

from accounts.models import User, Workspace
from oauthapps.models import AccessToken, Application, Consent
from oauthapps.scopes import ordered


@dataclass
class AuthorizedApp:
    application: Application
    scopes: list[str]
    first_authorized_at: datetime
    last_used_at: datetime | None
    workspaces: list[Workspace] = field(default_factory=list)


def authorized_apps_for(user: User, workspace: Workspace | None = None) -> list[AuthorizedApp]:
    """The apps `user` has allowed (in `workspace`, or in any), one entry per app, by name.

    Scopes are the union of everything allowed; last used is the latest API
    call made with any of the app's access tokens for this user.
    """
    here = {"workspace": workspace} if workspace is not None else {}
    consents = (
        Consent.objects.filter(user=user, **here)
        .select_related("application", "application__user", "workspace")
        .order_by("created_at", "id")
    )
    last_used = dict(
        AccessToken.objects.filter(user=user, **here)
        .values("application_id")
        .annotate(last=Max("last_used_at"))
        .values_list("application_id", "last")
    )
    apps: dict[int, AuthorizedApp] = {}
    for consent in consents:
        entry = apps.get(consent.application_id)
        if entry is None:
            entry = apps[consent.application_id] = AuthorizedApp(
                application=consent.application,
                scopes=[],
                first_authorized_at=consent.created_at,
                last_used_at=last_used.get(consent.application_id),
            )
        entry.scopes = ordered(set(entry.scopes) | set(consent.scopes))
        entry.workspaces.append(consent.workspace)
    return sorted(apps.values(), key=lambda app: (app.application.name.lower(), app.application.pk))
