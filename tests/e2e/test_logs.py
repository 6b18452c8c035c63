"""Settings > API > Logs in a real browser, after real API traffic."""

import requests

from tests.e2e.conftest import log_in


class Api:
    """API calls over one kept-alive connection.

    The server writes a request's log row just after sending the response; on
    one connection it reads the next request only once that is done, so calls
    never overlap a log write (SQLite's in-memory test database refuses
    concurrent writers), and `settle()` returns once every row is written.
    """

    def __init__(self, live_server):
        self.base = live_server.url
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "zapier/2.1 (e2e)"

    def call(self, method, path, key, **kwargs):
        headers = {"Authorization": f"Bearer {key}"}
        return self.session.request(
            method, f"{self.base}{path}", headers=headers, timeout=10, **kwargs
        )

    def settle(self):
        assert self.session.get(f"{self.base}/healthz", timeout=10).ok


def make_traffic(api, zapier_raw, backup_raw):
    for _ in range(3):
        assert api.call("GET", "/v1/users/me", zapier_raw).status_code == 200
    created = api.call("POST", "/v1/modules/contacts/records", zapier_raw, json={"fields": {}})
    assert created.status_code == 201
    record = created.json()["data"]["id"]
    assert api.call("GET", f"/v1/modules/contacts/records/{record}", zapier_raw).ok
    assert api.call("GET", "/v1/modules/deals/records", zapier_raw).status_code == 404
    forbidden = api.call("DELETE", f"/v1/modules/contacts/records/{record}", backup_raw)
    assert forbidden.status_code == 403
    assert api.call("GET", "/v1/modules/contacts/records", backup_raw).ok
    api.settle()


def test_the_logs_page_shows_api_traffic_filters_it_and_opens_a_request(
    page, screenshot, live_server, alice, make_key, transactional_db
):
    _, zapier_raw = make_key(alice, name="Zapier sync", permissions=["read", "write"])
    _, backup_raw = make_key(alice, name="Nightly backup", livemode=False)
    make_traffic(Api(live_server), zapier_raw, backup_raw)

    log_in(page, "alice@example.com", lands_on="**/settings/api/")
    page.click("nav.sidenav >> text=Logs")
    page.wait_for_url("**/settings/api/logs/")
    rows = page.locator("table.log-table tbody tr")
    assert rows.count() == 8
    assert rows.first.locator(".log-path").inner_text() == "/v1/modules/contacts/records"
    assert page.locator(".log-source >> text=Nightly backup").first.is_visible()
    screenshot("logs")

    page.select_option("#id_status", "4xx")
    page.click("button:has-text('Apply filters')")
    page.wait_for_url("**/settings/api/logs/?*status=4xx*")
    assert rows.count() == 2
    statuses = rows.locator(".status-code").all_inner_texts()
    assert sorted(statuses) == ["403", "404"]
    assert page.locator("td >> text=insufficient_permissions").is_visible()
    screenshot("logs_4xx")

    rows.locator("a.log-path", has_text="/v1/modules/deals/records").click()
    page.wait_for_url("**/settings/api/logs/req_*/")
    assert page.locator("h1 .log-path").inner_text() == "/v1/modules/deals/records"
    assert page.locator("dd >> text=not_found").is_visible()
    assert page.locator("dd >> text=zapier/2.1 (e2e)").is_visible()
    assert zapier_raw not in page.content()
    screenshot("logs_detail")
