"""One app's life in the browser: registered by its developer, allowed by a user on
the consent page, used with a token, and revoked by that user under Authorized apps."""

import json
import re
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

from tests.e2e.conftest import log_in

CALLBACK = "https://acme.example/callback"


def log_out(page):
    page.click("text=Log out")
    page.wait_for_url("**/accounts/login/")


def call(url, *, data=None, token=None) -> tuple[int, dict]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = urlencode(data).encode() if data is not None else None
    try:
        with urlopen(Request(url, data=body, headers=headers), timeout=10) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def register_app(page, screenshot) -> tuple[str, str]:
    """Alice registers "Acme Sync"; returns its client id and secret, as the page shows them."""
    page.goto("/settings/developer/apps/")
    screenshot("developer_apps_empty")
    page.get_by_role("link", name="Register an app").first.click()
    page.fill("#id_name", "Acme Sync")
    page.fill("#id_redirect_uris", "http://acme.example/callback\nhttps://acme.example/cb#done")
    page.get_by_role("button", name="Register app").click()
    assert page.locator("text=http://acme.example/callback: must use https").is_visible()
    assert page.locator(
        "text=https://acme.example/cb#done: must not contain a fragment"
    ).is_visible()
    screenshot("developer_app_form_errors")

    page.fill("#id_redirect_uris", f"{CALLBACK}\nhttp://127.0.0.1:8765/callback")
    page.check("input[name=client_type][value=confidential]")
    screenshot("developer_app_form")
    page.get_by_role("button", name="Register app").click()

    page.wait_for_url("**/settings/developer/apps/secret/**")
    client_id = page.input_value("#client-id")
    client_secret = page.input_value("#client-secret")
    screenshot("one_time_secret")
    page.reload()
    assert page.locator("#client-secret").count() == 0
    assert client_secret not in page.content()

    page.goto("/settings/developer/apps/")
    assert page.locator("text=Acme Sync").is_visible()
    assert client_id[:10] in page.content()
    screenshot("developer_apps_list")
    return client_id, client_secret


def allow_on_consent_page(page, screenshot, client_id) -> str:
    """Bob allows the app; returns the authorization code it receives."""
    page.route(
        "https://acme.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<h1>Acme</h1>"),
    )
    query = urlencode(
        {
            "client_id": client_id,
            "redirect_uri": CALLBACK,
            "response_type": "code",
            "scope": "read email:send",
            "state": "st-123",
        }
    )
    page.goto(f"/oauth/authorize?{query}")
    assert page.locator("text=Acme Sync").first.is_visible()
    assert page.locator("text=Send email on your behalf").is_visible()
    if page.locator("select[name=workspace]").count():
        page.select_option("select[name=workspace]", label="Bob Member's workspace")
    screenshot("consent")
    page.get_by_role("button", name=re.compile("Allow")).click()

    page.wait_for_url(f"{CALLBACK}?**")
    params = parse_qs(urlsplit(page.url).query)
    assert params["state"] == ["st-123"]
    return params["code"][0]


def test_register_authorize_use_and_revoke_an_oauth_app(
    page, screenshot, live_server, transactional_db, alice, bob
):
    log_in(page, "alice@example.com")
    client_id, client_secret = register_app(page, screenshot)
    log_out(page)

    log_in(page, "bob@example.com")
    code = allow_on_consent_page(page, screenshot, client_id)
    status, tokens = call(
        f"{live_server.url}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": client_secret,
            "code": code,
            "redirect_uri": CALLBACK,
        },
    )
    assert status == 200, tokens
    assert tokens["access_token"].startswith("at_")
    me = f"{live_server.url}/v1/users/me"
    status, body = call(me, token=tokens["access_token"])
    assert (status, body["data"]["email"]) == (200, "bob@example.com")

    page.goto("/settings/apps/")
    assert page.locator("h2", has_text="Acme Sync").is_visible()
    assert page.locator("text=by Alice Owner").is_visible()
    assert page.locator("text=Send email on your behalf").is_visible()
    screenshot("authorized_apps")
    page.get_by_role("link", name="Revoke access").click()
    screenshot("revoke_confirmation")
    page.get_by_role("button", name="Revoke access").click()

    page.wait_for_url("**/settings/apps/")
    assert page.locator("text=No authorized apps").is_visible()
    screenshot("authorized_apps_after_revoke")
    status, body = call(me, token=tokens["access_token"])
    assert status == 401
    assert body["error"]["code"] == "authentication_failed"


def test_rotate_the_secret_then_delete_the_app(
    page, screenshot, live_server, transactional_db, alice
):
    from oauthapps.services.applications import application_create

    app, first_secret = application_create(
        user=alice, name="Acme Sync", redirect_uris=CALLBACK, client_type="confidential"
    )
    log_in(page, "alice@example.com")
    page.goto("/settings/developer/apps/")
    page.get_by_role("link", name="Manage").click()
    assert page.input_value("#client-id") == app.client_id
    screenshot("developer_app_detail")

    page.get_by_role("link", name="Rotate secret").click()
    screenshot("rotate_confirmation")
    page.get_by_role("button", name="Rotate secret").click()
    page.wait_for_url("**/settings/developer/apps/secret/**")
    assert page.input_value("#client-secret") not in ("", first_secret)
    screenshot("rotated_secret")

    page.get_by_role("link", name="Done").click()
    page.get_by_role("link", name="Delete app").click()
    screenshot("delete_confirmation")
    page.get_by_role("button", name="Delete app").click()
    page.wait_for_url("**/settings/developer/apps/")
    assert page.locator("text=No developer apps yet").is_visible()
