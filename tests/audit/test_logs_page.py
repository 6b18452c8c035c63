from datetime import timedelta

from tests.audit.conftest import NOON


def test_it_requires_login(client, db):
    response = client.get("/settings/api/logs/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_it_lists_the_requests_made_with_the_workspaces_keys(client, alice, key_client):
    api = key_client(alice, name="Zapier sync")
    api.get("/v1/users/me", REMOTE_ADDR="203.0.113.9")
    api.post("/v1/modules/contacts/records", {"fields": {}}, format="json")
    client.force_login(alice)

    page = client.get("/settings/api/logs/").content.decode()

    assert "/v1/users/me" in page
    assert "/v1/modules/contacts/records" in page
    assert "Zapier sync" in page and api.key.hint in page
    assert "203.0.113.9" in page
    assert "insufficient_permissions" in page  # the read key may not POST


def test_it_shows_the_newest_request_first(client, alice, make_log, shown_ids):
    old = make_log(created_at=NOON - timedelta(hours=1))
    new = make_log(created_at=NOON)
    client.force_login(alice)

    assert shown_ids(client.get("/settings/api/logs/")) == [new.request_id, old.request_id]


def test_a_row_shows_status_error_code_latency_and_a_folded_count(client, alice, make_log):
    make_log(status=401, error_code="authentication_failed", latency_ms=37, count=25)
    client.force_login(alice)

    page = client.get("/settings/api/logs/").content.decode()

    assert 'class="status-code s4xx"' in page
    assert "authentication_failed" in page
    assert "37 ms" in page
    assert "\N{MULTIPLICATION SIGN}25" in page


def test_it_names_the_oauth_app_of_a_row_made_with_a_token(client, alice, make_log):
    from oauthapps.services.applications import application_create

    app, _ = application_create(
        user=alice, name="Acme CRM", redirect_uris="https://acme.example/cb", client_type="public"
    )
    make_log(oauth_application=app, user=alice)
    client.force_login(alice)

    assert "Acme CRM" in client.get("/settings/api/logs/").content.decode()


def test_it_never_shows_another_workspaces_requests(client, alice, charlie, make_log, shown_ids):
    mine = make_log()
    make_log(workspace=charlie.workspaces.get())
    client.force_login(alice)

    assert shown_ids(client.get("/settings/api/logs/")) == [mine.request_id]


def test_a_plain_member_sees_the_workspaces_requests_too(client, dave, make_log, shown_ids):
    row = make_log()
    client.force_login(dave)

    assert shown_ids(client.get("/settings/api/logs/")) == [row.request_id]


def test_an_empty_workspace_gets_an_explanation_instead_of_a_table(client, alice):
    client.force_login(alice)

    page = client.get("/settings/api/logs/").content.decode()

    assert "No API requests yet" in page
    assert "<table" not in page
