"""The device flow's writes: a person's answer to a device, and an app's switch for it.

Allowing a device is a consent like the code flow's: it binds the device
grant to the user and the workspace they chose, is remembered, is listed
under Settings > Authorized apps, and is recorded as `oauth.authorized` by
`authorization_grant`. Denying is recorded as `oauth.device_denied`. A grant
is answered once: it leaves "pending" in one conditional UPDATE, so of two
answers at once (two tabs, or two people holding the same code) one counts.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, User, Workspace
from audit.services import AuditContext
from oauthapps.models import Application, DeviceGrant
from oauthapps.scopes import ordered
from oauthapps.services.authorizations import authorization_grant
from oauthapps.services.rules import app_event_record, app_switch_set, require_owner


class DeviceGrantClosed(Exception):
    """The grant expired, or was answered, before this answer arrived."""


def _close(device_grant: DeviceGrant, **changes: object) -> None:
    pending = DeviceGrant.objects.filter(
        pk=device_grant.pk, status=DeviceGrant.AUTHORIZATION_PENDING, expires__gt=timezone.now()
    )
    if not pending.update(**changes):
        raise DeviceGrantClosed
    for field, value in changes.items():
        setattr(device_grant, field, value)


@transaction.atomic
def device_grant_allow(
    *,
    device_grant: DeviceGrant,
    user: User,
    workspace: Workspace,
    context: AuditContext | None = None,
) -> DeviceGrant:
    """The user allowed the device: it may now get tokens acting on `workspace`."""
    if not Membership.objects.filter(user=user, workspace=workspace).exists():
        raise PermissionDenied("You are not a member of that workspace.")
    _close(device_grant, status=DeviceGrant.AUTHORIZED, user=user, workspace=workspace)
    authorization_grant(
        user=user,
        application=device_grant.application,
        workspace=workspace,
        scopes=device_grant.scope.split(),
        context=context,
    )
    return device_grant


@transaction.atomic
def device_grant_deny(
    *, device_grant: DeviceGrant, user: User, context: AuditContext | None = None
) -> DeviceGrant:
    """The user denied the device: its next poll gets `access_denied`."""
    _close(device_grant, status=DeviceGrant.DENIED, user=user)
    app_event_record(
        "oauth.device_denied",
        application=device_grant.application,
        actor=user,
        context=context,
        scopes=ordered(device_grant.scope.split()),
    )
    return device_grant


@transaction.atomic
def application_set_device_flow(
    *,
    application: Application,
    enabled: bool,
    actor: User | None,
    context: AuditContext | None = None,
) -> Application:
    """The app's owner lets it use the device flow, or stops it: recorded as a change of
    the app, like any other (`oauth_app.updated`). Devices still waiting are refused."""
    require_owner(application, actor)
    return app_switch_set(
        "oauth_app.updated",
        application=application,
        field="device_flow_enabled",
        value=enabled,
        actor=actor,
        context=context,
    )
