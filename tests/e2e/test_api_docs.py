"""The API reference in a real browser: reached from Settings, it renders the OAuth
endpoints and the `oauth2` scheme with its scopes, under the site's strict CSP."""

import re

import pytest
from django.conf import settings

from tests.e2e.conftest import ARTIFACTS, log_in

OAUTH_PATHS = [
    "/oauth/authorize",
    "/oauth/token",
    "/oauth/revoke",
    "/oauth/introspect",
    "/oauth/device_authorization",
    "/oauth/userinfo",
    "/.well-known/oauth-authorization-server",
    "/.well-known/openid-configuration",
    "/.well-known/oauth-protected-resource",
    "/.well-known/oauth-protected-resource/v1",
]


@pytest.fixture
def docs(page, alice):
    """The reference, opened from the Settings navigation; console errors collected from then on."""
    log_in(page, alice.email)
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    nav = page.get_by_role("navigation", name="Settings")
    nav.get_by_role("link", name="API reference").click()
    page.wait_for_url("**/api/docs/")
    return page


def section(page, tag):
    found = page.locator(f'.opblock-tag-section:has(h3[data-tag="{tag}"])')
    found.locator(".opblock").first.wait_for()
    return found


def expand(page, method, path):
    block = page.locator(f'.opblock-{method}:has(.opblock-summary-path[data-path="{path}"])')
    block.locator(".opblock-summary-path").click()
    block.locator(".responses-wrapper").wait_for()
    return block


def shot(locator, name):
    """A screenshot of one element, beside the full-page ones."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(ARTIFACTS / f"api_docs__{name}.png"))


def test_the_oauth_section_comes_first_with_every_endpoint(docs, screenshot):
    oauth = section(docs, "OAuth 2.0")

    shown = oauth.locator(".opblock-summary-path").evaluate_all(
        "nodes => nodes.map(node => node.dataset.path)"
    )
    assert set(OAUTH_PATHS) <= set(shown)
    assert docs.locator("h3.opblock-tag").first.get_attribute("data-tag") == "OAuth 2.0"
    shot(oauth, "oauth_section")
    screenshot("whole_page")
    assert docs.errors == []


def test_the_authorize_dialog_offers_every_scope(docs):
    section(docs, "OAuth 2.0")

    docs.locator(".btn.authorize").first.click()
    dialog = docs.locator(".dialog-ux .modal-ux")
    dialog.get_by_role("heading", name="oauth2 (OAuth2, authorizationCode)").wait_for()
    for scope, description in settings.OAUTH2_PROVIDER["SCOPES"].items():
        assert dialog.locator(f'input[data-value="{scope}"]').count() == 1, scope
        assert dialog.get_by_text(description, exact=True).count() == 1, scope
    assert dialog.get_by_role("heading", name=re.compile(r"^bearer\s+\(http, Bearer\)")).count()
    shot(dialog, "authorize_dialog")
    assert docs.errors == []


def test_the_token_endpoint_lists_its_grant_types_and_errors(docs):
    section(docs, "OAuth 2.0")

    token = expand(docs, "post", "/oauth/token")

    grants = token.locator(".opblock-section-request-body option").all_inner_texts()
    assert {"authorization_code", "refresh_token", "device_code"} <= set(grants)
    errors = token.locator(".responses-wrapper option").all_inner_texts()
    for code in ["invalid_grant", "unsupported_grant_type", "authorization_pending", "slow_down"]:
        assert code in errors
    shot(token, "token_endpoint")


def test_a_v1_operation_shows_the_spec_errors_and_its_scopes(docs):
    section(docs, "users")

    me = expand(docs, "get", "/v1/users/me")

    examples = me.locator(".responses-wrapper option").all_inner_texts()
    assert "token_expired: the OAuth access token expired; refresh it" in examples
    assert any(text.startswith("ip_not_allowed") for text in examples)
    me.get_by_text("Invalid API key provided").first.wait_for()
    shot(me, "users_me")

    me.locator(".authorization__btn").first.click()
    dialog = docs.locator(".dialog-ux .modal-ux")
    dialog.get_by_role("heading", name="oauth2 (OAuth2, authorizationCode)").wait_for()
    shot(dialog, "users_me_authorize")
    assert docs.errors == []
