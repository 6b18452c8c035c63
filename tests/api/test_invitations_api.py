"""/v1/invitations: admins invite by email, list pending invitations and revoke them."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Invitation
from audit.models import AuditEvent


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client, email, role) -> the response, with the email sent on commit."""

    def send(client, email="gina@example.com", role="member"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/v1/invitations", {"email": email, "role": role})

    return send


def test_an_admin_invites_by_email_with_a_link_to_this_server(erin, admin_api, invite):
    client = admin_api(erin)

    response = invite(client, email="Gina@Example.com", role="admin")

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["id"].startswith("inv_")
    assert (data["email"], data["role"], data["status"]) == ("gina@example.com", "admin", "pending")
    assert data["invited_by"] == erin.public_id
    assert data["expires_at"]
    [message] = mail.outbox
    assert message.to == ["gina@example.com"]
    assert "http://testserver/accounts/invitations/" in message.body


def test_the_response_never_carries_the_link(alice, admin_api, invite):
    body = invite(admin_api(alice)).content.decode()

    link = next(line for line in mail.outbox[0].body.splitlines() if "/invitations/" in line)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in body


def test_the_invitation_event_names_the_key(alice, admin_api, invite):
    client = admin_api(alice)

    invite(client)

    event = AuditEvent.objects.get(action="member.invited")
    assert event.metadata["credential"] == client.key.public_id


def test_the_role_defaults_to_member(alice, admin_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_api(alice).post("/v1/invitations", {"email": "gina@example.com"})

    assert response.status_code == 201
    assert response.json()["data"]["role"] == "member"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not an email", "role": "member"}, "email"),
        ({"email": "gina@example.com", "role": "owner"}, "role"),
        ({"email": "gina@example.com", "token": "x"}, "token"),
    ],
)
def test_bad_bodies_are_validation_errors_naming_the_field(alice, admin_api, body, field):
    response = admin_api(alice).post("/v1/invitations", body)

    assert response.status_code == 400
    assert field in response.json()["error"]["details"]
    assert not Invitation.objects.exists()


def test_members_and_pending_invitees_are_not_invited_again(alice, bob, admin_api, invite):
    client = admin_api(alice)
    invite(client)

    again = invite(client)
    member = invite(client, email=bob.email)

    assert again.status_code == member.status_code == 400
    assert "email" in again.json()["error"]["details"]
    assert "already a member" in member.json()["error"]["details"]["email"][0]


@pytest.mark.parametrize("permissions", [["read"], ["read", "write", "delete"]])
def test_keys_without_admin_are_refused(alice, key_client, invite, permissions):
    client = key_client(alice, permissions=permissions)

    assert invite(client).status_code == 403
    assert client.get("/v1/invitations").status_code == 403
    assert not mail.outbox


def test_the_list_shows_pending_invitations_newest_first_in_pages(alice, admin_api, invite):
    client = admin_api(alice)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for name in ("gina", "hank", "ivy"):
            traveller.shift(timedelta(seconds=1))
            invite(client, email=f"{name}@example.com")
    Invitation.objects.filter(email="hank@example.com").update(revoked_at=timezone.now())
    invite(client, email="judy@example.com")
    Invitation.objects.filter(email="judy@example.com").update(expires_at=timezone.now())

    first = client.get("/v1/invitations", {"limit": 1}).json()
    rest = client.get("/v1/invitations", {"limit": 1, "cursor": first["next_cursor"]}).json()

    assert [i["email"] for i in first["data"]] == ["ivy@example.com"]
    assert first["has_more"] is True
    assert [i["email"] for i in rest["data"]] == ["gina@example.com"]
    assert (rest["has_more"], rest["next_cursor"]) == (False, None)


def test_an_admin_revokes_an_invitation(alice, admin_api, invite):
    client = admin_api(alice)
    invitation_id = invite(client).json()["data"]["id"]

    response = client.delete(f"/v1/invitations/{invitation_id}")

    assert response.status_code == 204
    assert Invitation.objects.get(public_id=invitation_id).status == "revoked"
    assert client.get("/v1/invitations").json()["data"] == []
    event = AuditEvent.objects.get(action="member.invitation_revoked")
    assert event.metadata["credential"] == client.key.public_id


def test_revoking_twice_says_it_is_no_longer_pending(alice, admin_api, invite):
    client = admin_api(alice)
    invitation_id = invite(client).json()["data"]["id"]
    client.delete(f"/v1/invitations/{invitation_id}")

    response = client.delete(f"/v1/invitations/{invitation_id}")

    assert response.status_code == 400
    assert response.json()["error"]["details"]["non_field_errors"]


def test_another_workspaces_invitation_is_not_found(alice, charlie, admin_api, key_client, invite):
    invitation_id = invite(admin_api(alice)).json()["data"]["id"]
    outsider = key_client(charlie, permissions=["admin"])

    response = outsider.delete(f"/v1/invitations/{invitation_id}")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert outsider.delete("/v1/invitations/inv_nothing").status_code == 404
    assert Invitation.objects.get(public_id=invitation_id).status == "pending"
