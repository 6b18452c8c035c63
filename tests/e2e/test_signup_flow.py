from accounts.models import Membership
from tests.conftest import PASSWORD


def test_sign_up_log_out_log_in_and_reach_settings(page, screenshot, transactional_db):
    page.goto("/accounts/signup/")
    page.fill("#id_name", "Iris Browser")
    page.fill("#id_email", "iris@example.com")
    page.fill("#id_password", PASSWORD)
    screenshot("signup")
    page.click("button[type=submit]")

    page.wait_for_url("**/settings/api/")
    assert Membership.objects.get(user__email="iris@example.com").role == "owner"
    screenshot("settings")

    page.click("text=Log out")
    page.wait_for_url("**/accounts/login/")
    page.fill("#id_username", "iris@example.com")
    page.fill("#id_password", PASSWORD)
    screenshot("login")
    page.click("button[type=submit]")

    page.wait_for_url("**/settings/api/")
    assert page.locator("nav[aria-label=Settings]").is_visible()
    assert page.locator("text=iris@example.com").is_visible()
