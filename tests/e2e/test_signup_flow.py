from accounts.models import Membership
from tests.e2e.conftest import submit_login
from tests.support import PASSWORD


def log_in_as_iris(page):
    submit_login(page, "iris@example.com")
    page.wait_for_url("**/settings/api/")


def test_sign_up_check_the_inbox_log_in_and_reach_settings(page, screenshot, transactional_db):
    page.goto("/accounts/signup/")
    page.fill("#id_name", "Iris Browser")
    page.fill("#id_email", "iris@example.com")
    page.fill("#id_password1", PASSWORD)
    screenshot("signup")
    page.click("button[type=submit]")

    page.wait_for_url("**/accounts/confirm-email/")
    assert page.locator("h1", has_text="Check your inbox").is_visible()
    screenshot("check_inbox")
    page.click("a:has-text('Log in')")
    page.wait_for_url("**/accounts/login/")
    log_in_as_iris(page)
    assert Membership.objects.get(user__email="iris@example.com").role == "owner"
    screenshot("settings")

    page.click("text=Log out")
    page.wait_for_url("**/accounts/login/")
    screenshot("login")
    log_in_as_iris(page)
    assert page.locator("nav[aria-label=Settings]").is_visible()
    assert page.locator(".topbar-user", has_text="iris@example.com").is_visible()
