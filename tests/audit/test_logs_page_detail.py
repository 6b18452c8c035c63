from audit.models import RequestLog


def test_it_shows_every_field_of_one_request(client, alice, key_client):
    api = key_client(alice, name="Zapier sync")
    api.get("/v1/modules/nowhere/records", HTTP_USER_AGENT="zapier/2.1", REMOTE_ADDR="203.0.113.9")
    row = RequestLog.objects.get()
    client.force_login(alice)

    response = client.get(f"/settings/api/logs/{row.request_id}/")

    page = response.content.decode()
    assert response.status_code == 200
    for shown in (
        row.request_id,
        "GET",
        "/v1/modules/nowhere/records",
        "404",
        "not_found",
        "Zapier sync",
        api.key.hint,
        "alice@example.com",
        "203.0.113.9",
        "zapier/2.1",
        f"{row.latency_ms} ms",
    ):
        assert shown in page


def test_it_never_shows_the_key_itself(client, alice, key_client):
    api = key_client(alice)
    api.get("/v1/users/me")
    client.force_login(alice)

    page = client.get(f"/settings/api/logs/{RequestLog.objects.get().request_id}/")

    assert api.raw_key not in page.content.decode()


def test_the_list_links_to_the_detail(client, alice, make_log):
    row = make_log()
    client.force_login(alice)

    assert (
        f'href="/settings/api/logs/{row.request_id}/"'
        in client.get("/settings/api/logs/").content.decode()
    )


def test_another_workspaces_request_is_not_found(client, alice, charlie, make_log):
    theirs = make_log(workspace=charlie.workspaces.get())
    client.force_login(alice)

    assert client.get(f"/settings/api/logs/{theirs.request_id}/").status_code == 404


def test_an_unknown_request_id_is_not_found(client, alice):
    client.force_login(alice)

    assert client.get("/settings/api/logs/req_doesnotexist/").status_code == 404


def test_the_detail_requires_login(client, make_log):
    row = make_log()

    assert client.get(f"/settings/api/logs/{row.request_id}/").status_code == 302
