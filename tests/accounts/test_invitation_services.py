"""Invitations: emailed, valid for a week, used once, only by the invited address."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Invitation, Membership, User
from accounts.services.invitations import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)
from audit.models import AuditEvent
from tests.support import PASSWORD, at_once

BASE = "https://coherence.test/"


@pytest.fixture
def invite(alice, workspace, django_capture_on_commit_callbacks):
    """invite(email, role) -> (invitation, token from the link in the sent email)."""

    def make(email="gina@example.com", role="member", actor=None):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = invitation_create(
                workspace=workspace, actor=actor or alice, email=email, role=role, base_url=BASE
            )
        return invitation, token_in(mail.outbox[-1].body)

    return make


def token_in(body: str) -> str:
    link = next(line for line in body.splitlines() if line.startswith(BASE))
    return link.rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def gina(db):
    return User.objects.create_user("gina@example.com", password=PASSWORD, name="Gina")


def test_an_invitation_is_emailed_with_a_link_and_recorded(invite, workspace):
    invitation, token = invite(email="Gina@Example.com", role="admin")

    [message] = mail.outbox
    assert message.to == ["gina@example.com"]
    assert workspace.name in message.subject
    assert f"{BASE}accounts/invitations/{token}/" in message.body
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    assert token not in Invitation.objects.values_list("token_digest", flat=True)[0]
    event = AuditEvent.objects.get(action="member.invited")
    assert event.metadata["role"] == "admin"


def test_accepting_joins_the_workspace_once(invite, gina, workspace):
    _, token = invite()

    membership = invitation_accept(token=token, user=gina)

    assert (membership.workspace, membership.role) == (workspace, "member")
    assert AuditEvent.objects.filter(action="member.joined", actor=gina).exists()
    with pytest.raises(ValidationError, match="no longer valid"):
        invitation_accept(token=token, user=gina)


def test_the_link_is_only_for_the_invited_address(invite, charlie):
    _, token = invite()

    with pytest.raises(PermissionDenied, match=r"gina@example\.com"):
        invitation_accept(token=token, user=charlie)
    assert Invitation.objects.get().status == "pending"


def test_a_link_expires_after_seven_days(invite, gina):
    _, token = invite()

    later = timezone.now() + timedelta(days=7, minutes=1)
    with time_machine.travel(later), pytest.raises(ValidationError):
        invitation_accept(token=token, user=gina)
    assert not Membership.objects.filter(user=gina, workspace__name__contains="Alice").exists()


def test_resending_makes_a_new_link_and_kills_the_old(
    invite, alice, workspace, gina, django_capture_on_commit_callbacks
):
    invitation, old = invite()

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(workspace=workspace, invitation=invitation, actor=alice, base_url=BASE)
    new = token_in(mail.outbox[-1].body)

    assert new != old
    with pytest.raises(ValidationError):
        invitation_accept(token=old, user=gina)
    invitation_accept(token=new, user=gina)


def test_a_revoked_invitation_cannot_be_accepted(invite, alice, workspace, gina):
    invitation, token = invite()

    invitation_revoke(workspace=workspace, invitation=invitation, actor=alice)

    with pytest.raises(ValidationError):
        invitation_accept(token=token, user=gina)


def test_members_cannot_invite_and_members_are_not_invited_twice(invite, bob):
    with pytest.raises(PermissionDenied):
        invite(actor=bob)
    with pytest.raises(ValidationError, match="already a member"):
        invite(email="bob@example.com")
    invite()
    with pytest.raises(ValidationError, match="pending invitation"):
        invite()


def test_nobody_is_invited_as_owner(invite):
    with pytest.raises(ValidationError):
        invite(role="owner")


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_make_one_membership(alice, gina):
    workspace = alice.workspaces.get()
    invitation_create(
        workspace=workspace, actor=alice, email=gina.email, role="member", base_url=BASE
    )
    token = token_in(mail.outbox[-1].body)

    def accept():
        try:
            invitation_accept(token=token, user=gina)
        except ValidationError:
            return "refused"
        return "joined"

    outcomes = at_once(4, accept)

    assert sorted(outcomes) == ["joined", "refused", "refused", "refused"]
    assert Membership.objects.filter(user=gina, workspace=workspace).count() == 1
    assert AuditEvent.objects.filter(action="member.joined").count() == 1
