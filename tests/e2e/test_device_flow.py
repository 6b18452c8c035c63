"""Signing a CLI in with the device flow (RFC 8628): its developer turns the flow on, the
CLI asks for a code over HTTP, a person signs in and enters the code in the browser, and
the CLI's polls turn from `authorization_pending` into a token that works on /v1."""

import re
from urllib.parse import urlsplit

from tests.e2e.conftest import submit_login

from .test_oauth_apps import call


def register_cli(page, screenshot) -> str:
    """Alice registers a public app with the device flow on; its client id."""
    page.goto("/accounts/login/")
    submit_login(page, "alice@example.com")
    page.wait_for_url("**/settings/**")
    page.goto("/settings/developer/apps/new/")
    page.fill("#id_name", "Acme CLI")
    page.fill("#id_redirect_uris", "http://127.0.0.1:8765/callback")
    page.check("input[name=client_type][value=public]")
    page.check("input[name=device_flow_enabled]")
    screenshot("device_app_form")
    page.get_by_role("button", name="Register app").click()
    page.wait_for_url("**/settings/developer/apps/*/")
    assert page.locator("text=Device authorization URL").is_visible()
    client_id = page.input_value("#client-id")
    page.click("text=Log out")
    page.wait_for_url("**/accounts/login/")
    return client_id


def test_a_cli_signs_in_with_a_code_entered_in_the_browser(
    page, screenshot, live_server, transactional_db, alice, bob, workspace
):
    client_id = register_cli(page, screenshot)
    status, codes = call(
        f"{live_server.url}/oauth/device_authorization",
        data={"client_id": client_id, "scope": "read users:read"},
    )
    assert status == 200, codes
    device_code = codes["device_code"]
    poll = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": device_code,
        "client_id": client_id,
    }
    status, pending = call(f"{live_server.url}/oauth/token", data=poll)
    assert (status, pending["error"]) == (400, "authorization_pending")

    complete = urlsplit(codes["verification_uri_complete"])
    page.goto(f"{complete.path}?{complete.query}")
    page.wait_for_url("**/accounts/login/**")
    submit_login(page, "bob@example.com")
    page.wait_for_url(re.compile(r".*/oauth/device\?user_code="))
    assert page.input_value("#id_user_code") == codes["user_code"]
    screenshot("device_code_entry")
    page.get_by_role("button", name="Continue").click()

    assert page.locator("text=Acme CLI").first.is_visible()
    assert page.locator("text=See your profile and the members of your workspace").is_visible()
    assert page.locator("#device-user-code").inner_text() == codes["user_code"]
    page.select_option("select[name=workspace]", label=workspace.name)
    screenshot("device_consent")
    page.get_by_role("button", name=re.compile("Allow")).click()
    assert page.locator("h1", has_text="Device connected").is_visible()
    screenshot("device_connected")

    status, tokens = call(f"{live_server.url}/oauth/token", data=poll)
    assert status == 200, tokens
    assert tokens["access_token"].startswith("at_")
    status, me = call(f"{live_server.url}/v1/users/me", token=tokens["access_token"])
    assert (status, me["data"]["email"]) == (200, "bob@example.com")
    status, again = call(f"{live_server.url}/oauth/token", data=poll)
    assert (status, again["error"]) == (400, "invalid_grant")


def test_a_mistyped_code_is_refused_and_the_right_one_typed_loosely_works(
    page, live_server, transactional_db, alice
):
    from oauthapps.models import Application

    app = Application.objects.create(
        user=alice,
        name="Acme CLI",
        client_type=Application.CLIENT_PUBLIC,
        redirect_uris="http://127.0.0.1:8765/callback",
        device_flow_enabled=True,
    )
    status, codes = call(
        f"{live_server.url}/oauth/device_authorization", data={"client_id": app.client_id}
    )
    assert status == 200, codes

    page.goto("/oauth/device")
    submit_login(page, "alice@example.com")
    page.wait_for_url(re.compile(r".*/oauth/device$"))
    wrong = "BBBB-BBBB" if codes["user_code"] != "BBBB-BBBB" else "CCCC-CCCC"
    page.fill("#id_user_code", wrong)
    page.get_by_role("button", name="Continue").click()
    assert page.locator("text=That code is not right").is_visible()

    page.fill("#id_user_code", codes["user_code"].replace("-", " ").lower())
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Deny").click()
    assert page.locator("h1", has_text="Device denied").is_visible()
    poll = {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        "device_code": codes["device_code"],
        "client_id": app.client_id,
    }
    status, denied = call(f"{live_server.url}/oauth/token", data=poll)
    assert (status, denied["error"]) == (400, "access_denied")
