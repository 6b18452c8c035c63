"""The device flow's services: an answer counts once, and only for the user's own workspace."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import Workspace
from audit.models import AuditEvent
from oauthapps.models import Consent, DeviceGrant
from oauthapps.services.device import (
    DeviceGrantClosed,
    application_set_device_flow,
    device_grant_allow,
    device_grant_deny,
)

from .device_steps import DeviceFlow, device_app


@pytest.fixture
def grant(make_app, developer):
    DeviceFlow(*device_app(make_app, developer)).codes()
    return DeviceGrant.objects.select_related("application").get()


def test_allowing_binds_the_user_and_workspace_and_remembers_the_consent(grant, alice, workspace):
    device_grant_allow(device_grant=grant, user=alice, workspace=workspace)

    grant.refresh_from_db()
    assert (grant.status, grant.user, grant.workspace) == (grant.AUTHORIZED, alice, workspace)
    assert Consent.objects.get().covers(["read", "write"])


def test_a_grant_answered_meanwhile_takes_no_second_answer(grant, alice, workspace):
    stale = DeviceGrant.objects.get(pk=grant.pk)
    device_grant_deny(device_grant=grant, user=alice)

    with pytest.raises(DeviceGrantClosed):
        device_grant_allow(device_grant=stale, user=alice, workspace=workspace)

    assert DeviceGrant.objects.get().status == DeviceGrant.DENIED
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="oauth.authorized").exists()


def test_an_expired_grant_takes_no_answer(grant, alice, workspace):
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        with pytest.raises(DeviceGrantClosed):
            device_grant_allow(device_grant=grant, user=alice, workspace=workspace)
        with pytest.raises(DeviceGrantClosed):
            device_grant_deny(device_grant=grant, user=alice)

    assert not AuditEvent.objects.filter(action__startswith="oauth.").exists()


def test_a_user_cannot_allow_for_someone_elses_workspace(grant, alice, charlie):
    theirs = Workspace.objects.get(memberships__user=charlie)

    with pytest.raises(PermissionDenied):
        device_grant_allow(device_grant=grant, user=alice, workspace=theirs)

    assert DeviceGrant.objects.get().status == DeviceGrant.AUTHORIZATION_PENDING


def test_only_the_owner_switches_the_device_flow(grant, developer, alice):
    with pytest.raises(PermissionDenied):
        application_set_device_flow(application=grant.application, enabled=False, actor=alice)

    application_set_device_flow(application=grant.application, enabled=False, actor=developer)

    grant.application.refresh_from_db()
    assert not grant.application.device_flow_enabled
