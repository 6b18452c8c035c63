from datetime import timedelta

from apikeys.services import key_revoke, key_roll
from tests.e2e.conftest import log_in, users_me


def test_a_key_made_in_the_browser_works_until_it_is_revoked_there(
    page, screenshot, live_server, alice, transactional_db
):
    log_in(page, "alice@example.com", lands_on="**/settings/api/")
    assert page.locator("text=No API keys yet").is_visible()
    screenshot("empty_state")

    page.click("text=Create API key >> nth=0")
    page.fill("#id_name", "Production Integration")
    page.check("input[name=environment][value=live]")
    page.check("input[name=permissions][value=read]")
    page.check("input[name=permissions][value=write]")
    screenshot("create_form")
    page.click("form.panel button[type=submit]")

    page.wait_for_url("**/settings/api/keys/secret/**")
    raw = page.input_value("#api-key-secret")
    assert raw.startswith("ck_live_")
    assert page.locator("text=API keys are shown only once.").is_visible()
    assert page.locator("[data-copy-target=api-key-secret]").is_visible()
    screenshot("one_time_page")

    response = users_me(live_server, raw)
    assert response.status_code == 200
    assert response.json()["data"]["email"] == "alice@example.com"

    page.reload()
    assert page.locator("text=This key can no longer be displayed").is_visible()
    assert raw not in page.content()

    page.goto("/settings/api/")
    page.click("text=Production Integration")
    screenshot("key_detail")
    page.click("text=Revoke")
    page.wait_for_url("**/revoke/")
    screenshot("revoke_confirmation")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Revoke key')")
    page.wait_for_url("**/settings/api/")
    assert page.locator(".flash-success").is_visible()

    response = users_me(live_server, raw)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_the_keys_list_shows_live_test_rolled_and_revoked_keys(
    page, screenshot, live_server, alice, bob, make_key, transactional_db
):
    make_key(alice, name="Zapier", permissions=("read",), livemode=True)
    make_key(
        bob,
        name="Staging sync",
        permissions=("read", "write", "delete"),
        livemode=False,
        allowed_ips=["203.0.113.7", "10.0.0.0/24"],
    )
    billing, _ = make_key(alice, name="Billing worker", permissions=("admin",))
    key_roll(key=billing, actor=alice, grace=timedelta(hours=24))
    old, raw_old = make_key(alice, name="Old CRM import", permissions=("read", "write"))
    users_me(live_server, raw_old)
    key_revoke(key=old, actor=alice)

    log_in(page, "alice@example.com", lands_on="**/settings/api/")
    page.click("summary:has-text('Revoked keys')")

    table = page.locator("table.keys-table").first
    assert table.locator("text=Zapier").is_visible()
    assert table.locator(".badge.test").is_visible()
    assert table.locator("text=Any IP").first.is_visible()
    assert table.locator(".badge.expiring").is_visible()
    assert page.locator(".revoked-keys >> text=Old CRM import").is_visible()
    screenshot("keys_list")


def test_a_rolled_key_can_be_edited_and_its_replacement_rolled(
    page, screenshot, live_server, alice, make_key, transactional_db
):
    key, _ = make_key(alice, name="Billing worker", allowed_ips=["203.0.113.7"])
    key_roll(key=key, actor=alice, grace=timedelta(days=7))

    log_in(page, "alice@example.com", lands_on="**/settings/api/")
    page.goto(f"/settings/api/keys/{key.public_id}/")
    assert page.locator("text=This key was rolled.").is_visible()
    screenshot("rolled_key_detail")

    page.click("text=Edit")
    assert page.input_value("#id_allowed_ips") == "203.0.113.7/32"
    page.fill("#id_name", "Billing worker (old)")
    screenshot("edit_form")
    page.click("form.panel button[type=submit]")
    assert page.locator("text=Saved changes to “Billing worker (old)”.").is_visible()

    page.click("text=its replacement")
    page.click("text=Roll key")
    page.check("input[name=grace][value='24h']")
    screenshot("roll_form")
    page.click("form.panel button[type=submit]")
    page.wait_for_url("**/settings/api/keys/secret/**")
    assert page.input_value("#api-key-secret").startswith("ck_live_")
    assert page.locator("text=The old key keeps working for 24 hours.").is_visible()
