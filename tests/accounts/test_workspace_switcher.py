from accounts.current import SESSION_KEY


def test_a_member_of_several_workspaces_gets_a_switcher_listing_them_all(as_bob, workspace):
    page = as_bob.get("/settings/api/")

    assert 'action="/settings/workspace/switch/"' in page.text
    assert "Alice Owner&#x27;s workspace" in page.text
    assert "Bob Member&#x27;s workspace" in page.text
    assert f'value="{workspace.public_id}" selected' in page.text


def test_someone_in_one_workspace_sees_its_name_and_no_switcher(as_alice):
    page = as_alice.get("/settings/api/")

    assert "Alice Owner&#x27;s workspace" in page.text
    assert "/settings/workspace/switch/" not in page.text
    assert 'href="/settings/workspace/new/"' in page.text


def test_the_sidenav_links_the_team_and_workspace_pages(as_alice):
    page = as_alice.get("/settings/api/")

    assert 'href="/settings/team/"' in page.text
    assert 'href="/settings/workspace/"' in page.text


def test_switching_changes_what_settings_api_lists(client, alice, bob, workspace, make_key):
    make_key(alice, name="Alice team key", workspace=workspace)
    make_key(bob, name="Bob solo key", workspace=bob.workspaces.exclude(pk=workspace.pk).get())
    client.force_login(bob)

    before = client.get("/settings/api/")
    switched = client.post(
        "/settings/workspace/switch/", {"workspace": workspace.public_id, "next": "/settings/api/"}
    )
    after = client.get("/settings/api/")

    assert "Bob solo key" in before.text and "Alice team key" not in before.text
    assert switched.headers["Location"] == "/settings/api/"
    assert "Alice team key" in after.text and "Bob solo key" not in after.text


def test_switching_returns_to_the_page_it_was_on(as_bob, bob):
    own = bob.workspaces.order_by("id").first()

    response = as_bob.post(
        "/settings/workspace/switch/", {"workspace": own.public_id, "next": "/settings/api/logs/"}
    )

    assert response.headers["Location"] == "/settings/api/logs/"
    assert as_bob.session[SESSION_KEY] == own.public_id


def test_switching_on_a_key_page_lands_on_the_key_list(as_bob, bob, make_key, workspace):
    key, _ = make_key(bob, workspace=workspace)
    own = bob.workspaces.exclude(pk=workspace.pk).get()

    response = as_bob.post(
        "/settings/workspace/switch/",
        {"workspace": own.public_id, "next": f"/settings/api/keys/{key.public_id}/edit/"},
    )

    assert response.headers["Location"] == "/settings/api/"


def test_switching_on_a_log_line_lands_on_the_logs(as_bob, bob):
    own = bob.workspaces.order_by("id").first()

    response = as_bob.post(
        "/settings/workspace/switch/",
        {"workspace": own.public_id, "next": "/settings/api/logs/req_123/"},
    )

    assert response.headers["Location"] == "/settings/api/logs/"


def test_it_refuses_to_switch_to_a_workspace_of_someone_else(as_bob, charlie, workspace):
    theirs = charlie.workspaces.get()

    response = as_bob.post(
        "/settings/workspace/switch/", {"workspace": theirs.public_id}, follow=True
    )

    assert "You are not a member of that workspace." in response.text
    assert as_bob.session[SESSION_KEY] == workspace.public_id


def test_it_does_not_follow_next_to_another_site(as_bob, bob):
    own = bob.workspaces.order_by("id").first()

    response = as_bob.post(
        "/settings/workspace/switch/", {"workspace": own.public_id, "next": "https://evil.example/"}
    )

    assert response.headers["Location"] == "/settings/api/"
