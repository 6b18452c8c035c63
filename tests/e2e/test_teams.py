"""A team of two in two browsers: invite, accept, switch, manage one's own keys, removal."""

import re

import pytest
from django.core import mail

from apikeys.services import key_create
from tests.e2e.conftest import log_in, users_me
from tests.support import PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 860}


@pytest.fixture
def new_context(browser, live_server):
    contexts = []

    def make():
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shoot(request):
    """shoot(page, name) saves a full-page PNG at desktop and at phone width."""
    from tests.e2e.conftest import ARTIFACTS

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = re.sub(r"\W+", "_", request.node.name)

    def take(page, name: str) -> None:
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            page.screenshot(path=str(ARTIFACTS / f"{prefix}__{name}_{label}.png"), full_page=True)
        page.set_viewport_size(DESKTOP)

    return take


def link_in_last_mail(live_server) -> str:
    [message] = mail.outbox
    return next(line for line in message.body.splitlines() if "/accounts/invitations/" in line)


def test_an_invited_member_manages_only_their_own_keys_until_removed(
    new_context, shoot, live_server, alice, transactional_db
):
    key_create(
        workspace=alice.workspaces.get(),
        actor=alice,
        name="Owner's admin key",
        livemode=True,
        permissions=["admin"],
    )
    owner = new_context()
    log_in(owner, "alice@example.com", lands_on="**/settings/api/**")

    owner.goto("/settings/team/")
    owner.fill("#id_email", "gina@example.com")
    owner.select_option("#id_role", "member")
    owner.click("button:has-text('Send invitation')")
    owner.wait_for_selector("text=gina@example.com")
    shoot(owner, "team_with_invitation")
    link = link_in_last_mail(live_server)
    assert link.startswith(live_server.url)

    member = new_context()
    member.goto(link.removeprefix(live_server.url))
    assert member.locator("text=Join “Alice Owner's workspace”").is_visible()
    shoot(member, "invitation_signed_out")
    member.click("a:has-text('Sign up')")
    member.fill("#id_name", "Gina Member")
    member.fill("#id_email", "gina@example.com")
    member.fill("#id_password1", PASSWORD)
    member.click("button:has-text('Create account')")
    member.wait_for_url("**/accounts/invitations/**")
    member.click("button:has-text('Accept invitation')")
    member.wait_for_url("**/settings/api/**")

    # Accepting switched Gina to the team's workspace: she sees the owner's key, read-only.
    assert member.locator("#workspace-switcher").input_value() == alice.workspaces.get().public_id
    row = member.locator("tr", has_text="Owner's admin key")
    assert row.is_visible()
    assert row.locator("text=Revoke").count() == 0
    assert row.locator("text=Roll").count() == 0
    shoot(member, "member_sees_team_keys")

    member.click("text=Create API key >> nth=0")
    member.fill("#id_name", "Gina's sync")
    assert member.locator("input[name=permissions][value=admin]").is_disabled()
    member.check("input[name=permissions][value=read]")
    member.click("form.panel button[type=submit]")
    member.wait_for_url("**/settings/api/keys/secret/**")
    raw = member.input_value("#api-key-secret")
    assert users_me(live_server, raw).status_code == 200

    member.goto("/settings/api/")
    mine = member.locator("tr", has_text="Gina's sync")
    assert mine.locator("text=Revoke").count() == 1
    shoot(member, "member_own_key")

    # Her own workspace is a switch away, and back.
    member.select_option("#workspace-switcher", label="Gina Member's workspace")
    member.wait_for_selector("text=No API keys yet")
    member.select_option("#workspace-switcher", label="Alice Owner's workspace")
    member.wait_for_selector("text=Gina's sync")

    owner.goto("/settings/team/")
    shoot(owner, "team_with_member")
    owner.once("dialog", lambda dialog: dialog.accept())
    owner.locator("tr", has_text="gina@example.com").locator("button:has-text('Remove')").click()
    owner.wait_for_selector("text=Removed")

    assert users_me(live_server, raw).status_code == 401
    member.goto("/settings/api/")
    assert member.locator("text=Gina's sync").count() == 0
    shoot(member, "member_after_removal")
