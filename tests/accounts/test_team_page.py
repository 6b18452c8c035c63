from datetime import timedelta

from django.core import mail
from django.utils import timezone

from accounts.current import SESSION_KEY
from accounts.models import Invitation, Membership
from apikeys.models import ApiKey
from audit.models import AuditEvent
from tests.accounts.conftest import link_in, path_of
from tests.support import use_workspace


def role_of(user, workspace):
    return Membership.objects.get(user=user, workspace=workspace).role


def test_it_lists_members_with_role_joined_date_and_last_sign_in(as_alice, bob, workspace):
    bob.last_login = timezone.now() - timedelta(days=40)
    bob.save(update_fields=["last_login"])
    joined = Membership.objects.get(user=bob, workspace=workspace).created_at

    page = as_alice.get("/settings/team/")

    assert page.status_code == 200
    assert "Alice Owner" in page.text and "bob@example.com" in page.text
    assert "role-owner" in page.text and "role-member" not in page.text  # bob's is a select
    assert f"{joined:%b} {joined.day}, {joined.year}" in page.text
    assert f"{bob.last_login:%b} {bob.last_login.day}, {bob.last_login.year}, " in page.text


def test_someone_who_never_signed_in_reads_never(as_bob):
    page = as_bob.get("/settings/team/")

    assert "Never" in page.text  # alice was made by the fixture, never signed in


def test_pending_invitations_show_role_inviter_and_expiry(as_alice, invite):
    invite(as_alice, "dana@example.com", role="admin")
    expires = Invitation.objects.get().expires_at

    page = as_alice.get("/settings/team/")

    assert "dana@example.com" in page.text and "role-admin" in page.text
    assert page.text.count("Alice Owner") >= 2
    assert f"{expires:%b} {expires.day}, {expires.year}" in page.text


def test_the_owner_sees_the_forms_to_invite_and_manage(as_alice, bob):
    page = as_alice.get("/settings/team/")

    assert 'action="/settings/team/invite/"' in page.text
    assert f'action="/settings/team/members/{bob.public_id}/role/"' in page.text
    assert f'action="/settings/team/members/{bob.public_id}/remove/"' in page.text
    assert "Leave workspace" not in page.text


def test_the_owner_row_has_no_role_change_or_remove_form(as_alice, alice):
    page = as_alice.get("/settings/team/")

    assert f"/settings/team/members/{alice.public_id}/" not in page.text


def test_a_member_sees_the_list_but_no_management_forms(as_bob, alice):
    page = as_bob.get("/settings/team/")

    assert page.status_code == 200
    assert "alice@example.com" in page.text
    assert "/settings/team/invite/" not in page.text
    assert "/settings/team/members/" not in page.text
    assert 'action="/settings/team/leave/"' in page.text


def test_a_members_forged_posts_are_refused(as_bob, alice, bob, workspace):
    invited = as_bob.post(
        "/settings/team/invite/", {"email": "x@example.com", "role": "admin"}, follow=True
    )
    demoted = as_bob.post(
        f"/settings/team/members/{alice.public_id}/role/", {"role": "member"}, follow=True
    )
    removed = as_bob.post(f"/settings/team/members/{alice.public_id}/remove/", follow=True)

    assert "Only the workspace&#x27;s owners and admins can do that." in invited.text
    assert "Only the workspace&#x27;s owners and admins can do that." in demoted.text
    assert "Only the workspace&#x27;s owners and admins can do that." in removed.text
    assert not Invitation.objects.exists()
    assert role_of(alice, workspace) == "owner"


def test_an_admin_cannot_remove_or_demote_the_owner(as_bob, make_admin, alice, bob, workspace):
    make_admin(bob)

    demoted = as_bob.post(
        f"/settings/team/members/{alice.public_id}/role/", {"role": "member"}, follow=True
    )
    removed = as_bob.post(f"/settings/team/members/{alice.public_id}/remove/", follow=True)

    assert demoted.status_code == 200 and removed.status_code == 200
    assert "The owner&#x27;s role cannot be changed" in demoted.text
    assert "The owner cannot leave or be removed" in removed.text
    assert role_of(alice, workspace) == "owner"


def test_nobody_can_make_someone_owner_through_the_role_form(as_alice, bob, workspace):
    response = as_alice.post(
        f"/settings/team/members/{bob.public_id}/role/", {"role": "owner"}, follow=True
    )

    assert "Choose admin or member." in response.text
    assert role_of(bob, workspace) == "member"


def test_the_owner_makes_a_member_an_admin(as_alice, alice, bob, workspace):
    response = as_alice.post(
        f"/settings/team/members/{bob.public_id}/role/", {"role": "admin"}, follow=True
    )

    assert "Bob Member is now an admin." in response.text
    assert role_of(bob, workspace) == "admin"
    event = AuditEvent.objects.get(action="member.role_changed")
    assert event.actor == alice and event.workspace == workspace
    assert event.metadata["changes"] == {"role": {"from": "member", "to": "admin"}}


def test_the_owner_removes_a_member_and_their_keys_here_stop(
    as_alice, alice, bob, workspace, make_key
):
    key, _ = make_key(bob, workspace=workspace)

    response = as_alice.post(f"/settings/team/members/{bob.public_id}/remove/", follow=True)

    assert "Removed Bob Member" in response.text
    assert not Membership.objects.filter(user=bob, workspace=workspace).exists()
    assert ApiKey.objects.get(pk=key.pk).revoked_at is not None
    event = AuditEvent.objects.get(action="member.removed")
    assert event.actor == alice and event.workspace == workspace


def test_the_remove_form_asks_for_confirmation(as_alice, bob):
    page = as_alice.get("/settings/team/")

    assert 'data-confirm="Remove Bob Member from' in page.text


def test_someone_else_in_another_workspace_cannot_touch_its_members(client, charlie, bob):
    client.force_login(charlie)

    response = client.post(f"/settings/team/members/{bob.public_id}/remove/")

    assert response.status_code == 404
    assert Membership.objects.filter(user=bob).count() == 2


def test_a_member_leaves_and_falls_back_to_their_own_workspace(as_bob, bob, workspace):
    response = as_bob.post("/settings/team/leave/")
    after = as_bob.get("/settings/api/")

    assert response.headers["Location"] == "/settings/api/"
    assert not Membership.objects.filter(user=bob, workspace=workspace).exists()
    assert after.status_code == 200
    assert after.context["request"].workspaces.workspace != workspace
    assert AuditEvent.objects.get(action="member.left").actor == bob
    assert as_bob.session[SESSION_KEY] == workspace.public_id  # stale, and ignored


def test_the_owner_cannot_leave(as_alice, alice, workspace):
    response = as_alice.post("/settings/team/leave/", follow=True)

    assert "transfer ownership to someone else first" in response.text
    assert role_of(alice, workspace) == "owner"


def test_inviting_sends_an_email_with_a_link_and_lists_the_invitation(as_alice, invite):
    link = invite(as_alice, "dana@example.com", role="admin")
    page = as_alice.get("/settings/team/")

    assert mail.outbox[-1].to == ["dana@example.com"]
    assert link.startswith("http://testserver/accounts/invitations/")
    assert "dana@example.com" in page.text and "Pending invitations" in page.text
    event = AuditEvent.objects.get(action="member.invited")
    assert event.metadata["email"] == "dana@example.com" and event.metadata["role"] == "admin"


def test_inviting_a_current_member_is_refused_on_the_form(as_alice, bob):
    response = as_alice.post(
        "/settings/team/invite/", {"email": "BOB@example.com", "role": "member"}
    )

    assert response.status_code == 400
    assert "bob@example.com is already a member of this workspace." in response.text
    assert not mail.outbox


def test_inviting_a_bad_address_is_refused_on_the_form(as_alice):
    response = as_alice.post("/settings/team/invite/", {"email": "not-an-email", "role": "member"})

    assert response.status_code == 400
    assert "Enter a valid email address." in response.text


def test_resending_mails_a_new_link_and_the_old_one_stops(
    as_alice, invite, django_capture_on_commit_callbacks
):
    old = invite(as_alice, "dana@example.com")
    invitation = Invitation.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = as_alice.post(
            f"/settings/team/invitations/{invitation.public_id}/resend/", follow=True
        )
    new = link_in(mail.outbox[-1])
    as_alice.logout()

    assert "Sent a new invitation to dana@example.com" in response.text
    assert len(mail.outbox) == 2 and new != old
    assert as_alice.get(path_of(old)).status_code == 404
    assert as_alice.get(path_of(new)).status_code == 200
    assert AuditEvent.objects.filter(action="member.invitation_resent").count() == 1


def test_revoking_an_invitation_kills_its_link(as_alice, invite):
    link = invite(as_alice, "dana@example.com")
    invitation = Invitation.objects.get()

    response = as_alice.post(
        f"/settings/team/invitations/{invitation.public_id}/revoke/", follow=True
    )
    as_alice.logout()

    assert "Revoked the invitation to dana@example.com." in response.text
    assert as_alice.get(path_of(link)).status_code == 410


def test_a_member_cannot_resend_or_revoke_an_invitation(client, alice, bob, workspace, invite):
    client.force_login(alice)
    invite(client, "dana@example.com")
    invitation = Invitation.objects.get()
    client.force_login(bob)
    use_workspace(client, workspace)

    resent = client.post(f"/settings/team/invitations/{invitation.public_id}/resend/", follow=True)
    revoked = client.post(f"/settings/team/invitations/{invitation.public_id}/revoke/", follow=True)

    assert "Only the workspace&#x27;s owners and admins can do that." in resent.text
    assert "Only the workspace&#x27;s owners and admins can do that." in revoked.text
    assert Invitation.objects.get().status == "pending"
