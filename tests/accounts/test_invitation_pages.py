from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.current import SESSION_KEY
from accounts.models import Membership
from audit.models import AuditEvent
from tests.accounts.conftest import path_of
from tests.support import PASSWORD


@pytest.fixture
def link(client, alice, invite):
    """A link inviting charlie to alice's workspace as an admin; the client is signed out."""
    client.force_login(alice)
    sent = invite(client, "charlie@example.com", role="admin")
    client.logout()
    return path_of(sent)


def test_signed_out_it_says_who_invites_whom_where_and_offers_log_in_or_sign_up(
    client, link, charlie
):
    page = client.get(link)

    assert page.status_code == 200
    assert "Alice Owner" in page.text and "alice@example.com" in page.text
    assert "Join “Alice Owner&#x27;s workspace”" in page.text
    assert "as admin" in page.text and "charlie@example.com" in page.text
    assert f'href="/accounts/login/?next={link}"' in page.text
    assert f'href="/accounts/signup/?next={link}"' in page.text
    assert "Accept invitation" not in page.text


def test_signed_in_as_the_invitee_it_offers_to_accept(client, link, charlie):
    client.force_login(charlie)

    page = client.get(link)

    assert "Accept invitation" in page.text
    assert page.headers["Cache-Control"].startswith("max-age=0")


def test_accepting_joins_switches_to_the_workspace_and_records_it(
    client, link, alice, charlie, workspace
):
    client.force_login(charlie)

    response = client.post(link)
    keys = client.get("/settings/api/")

    assert response.headers["Location"] == "/settings/api/"
    assert Membership.objects.get(user=charlie, workspace=workspace).role == "admin"
    assert client.session[SESSION_KEY] == workspace.public_id
    assert "Welcome to “Alice Owner&#x27;s workspace”: you joined as admin." in keys.text
    assert keys.context["request"].workspaces.workspace == workspace
    event = AuditEvent.objects.get(action="member.joined")
    assert event.actor == charlie and event.workspace == workspace
    assert event.metadata["invited_by"] == "alice@example.com"


def test_the_link_works_once(client, link, charlie):
    client.force_login(charlie)
    client.post(link)

    again = client.get(link)
    accept_again = client.post(link)

    assert again.status_code == 410
    assert "You already joined" in again.text
    assert accept_again.status_code == 410
    assert Membership.objects.filter(user=charlie).count() == 2


def test_a_used_link_tells_someone_else_it_is_no_longer_valid(client, link, charlie, bob):
    client.force_login(charlie)
    client.post(link)
    client.force_login(bob)

    page = client.get(link)

    assert page.status_code == 410
    assert "It has already been used." in page.text


def test_an_expired_link_is_refused(client, link, charlie):
    client.force_login(charlie)

    with time_machine.travel(timezone.now() + timedelta(days=8)):
        page = client.get(link)
        accepted = client.post(link)

    assert page.status_code == 410 and accepted.status_code == 410
    assert "This invitation has expired" in page.text
    assert Membership.objects.filter(user=charlie).count() == 1


def test_an_unknown_link_is_a_friendly_404(client, db):
    page = client.get("/accounts/invitations/not-a-real-token/")

    assert page.status_code == 404
    assert "This invitation link is not valid" in page.text


def test_signed_in_as_someone_else_it_offers_to_log_out(client, link, bob):
    client.force_login(bob)

    page = client.get(link)
    refused = client.post(link)

    assert page.status_code == 200
    assert "but you are signed in as bob@example.com" in page.text
    assert 'action="/accounts/logout/"' in page.text and f'value="{link}"' in page.text
    assert "Accept invitation" not in page.text
    assert refused.status_code == 403
    assert "This invitation is for charlie@example.com." in refused.text
    assert not AuditEvent.objects.filter(action="member.joined").exists()


def test_logging_out_from_it_comes_back_to_it(client, link, bob):
    client.force_login(bob)

    response = client.post("/accounts/logout/", {"next": link})

    assert response.headers["Location"] == link


def test_accepting_signed_out_asks_to_log_in_first(client, link):
    response = client.post(link)

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/?next=")


def test_someone_new_signs_up_through_the_link_and_accepts(client, alice, invite, workspace):
    client.force_login(alice)
    link = path_of(invite(client, "dana@example.com"))
    client.logout()

    signed_up = client.post(
        f"/accounts/signup/?next={link}",
        {"name": "Dana", "email": "dana@example.com", "password1": PASSWORD, "next": link},
    )
    accepted = client.post(link)

    assert signed_up.headers["Location"] == link
    assert accepted.headers["Location"] == "/settings/api/"
    assert Membership.objects.get(user__email="dana@example.com", workspace=workspace)


def test_someone_with_an_account_logs_in_through_the_link_and_accepts(client, link, charlie):
    logged_in = client.post(
        f"/accounts/login/?next={link}",
        {"login": "charlie@example.com", "password": PASSWORD, "next": link},
    )
    accepted = client.post(link)

    assert logged_in.headers["Location"] == link
    assert accepted.headers["Location"] == "/settings/api/"


def test_a_revoked_link_is_refused(client, link, alice, charlie):
    from accounts.models import Invitation

    client.force_login(alice)
    client.post(f"/settings/team/invitations/{Invitation.objects.get().public_id}/revoke/")
    client.force_login(charlie)

    page = client.get(link)

    assert page.status_code == 410
    assert "It was withdrawn." in page.text
