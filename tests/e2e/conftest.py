"""A real browser (Debian's Chromium, driven by Playwright) against the live server.

Outside CI these tests skip when no Chromium is installed; in CI
(TESTS_FORBID_SKIPS=1) that skip is a failure.
"""

import os
import re
from pathlib import Path

import pytest
import requests

from tests.support import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="package")
def async_unsafe_allowed():
    """While the browser is open, Playwright's sync API keeps an event loop running
    in this thread, and Django would refuse the tests' ORM calls around it (they are
    still synchronous and safe). Allowed here only: the rest of the suite keeps
    Django's check."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="package")
def browser(async_unsafe_allowed):
    """One Chromium for the browser tests, closed when the last of them has run."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves a full-page PNG under test-artifacts/screenshots/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = re.sub(r"\W+", "_", request.node.name)

    def take(name: str) -> Path:
        path = ARTIFACTS / f"{prefix}__{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def submit_login(page, email):
    """Sign in as `email` on the login page the browser is on."""
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")


def log_in(page, email, *, lands_on="**/settings/**"):
    """Open the login page, sign in as `email`, and wait for the page it lands on."""
    page.goto("/accounts/login/")
    submit_login(page, email)
    page.wait_for_url(lands_on)


def users_me(live_server, raw):
    """GET /v1/users/me over real HTTP with the bearer credential `raw`."""
    return requests.get(
        f"{live_server.url}/v1/users/me", headers={"Authorization": f"Bearer {raw}"}, timeout=10
    )
