"""Staff see apps, tokens and codes in the admin, never a secret."""

import pytest

from oauthapps.models import AccessToken, Application, RefreshToken


@pytest.fixture
def staff_client(client, db):
    from accounts.models import User

    staff = User.objects.create_superuser("staff@example.com", password="x" * 20, name="Staff")
    client.force_login(staff)
    return client


@pytest.fixture
def tokens(flow, alice):
    return flow.tokens_for(alice)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/oauthapps/application/",
        "/admin/oauthapps/accesstoken/",
        "/admin/oauthapps/refreshtoken/",
        "/admin/oauthapps/grant/",
        "/admin/oauthapps/consent/",
    ],
)
def test_the_lists_show_no_token_code_checksum_or_secret(staff_client, flow, tokens, path):
    response = staff_client.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    for secret in [tokens["access_token"], tokens["refresh_token"], flow.secret]:
        assert secret not in html
    for stored in AccessToken.objects.values_list("token_checksum", flat=True):
        assert stored not in html


def test_a_token_page_shows_no_token_or_checksum(staff_client, tokens):
    access = AccessToken.objects.get()
    refresh = RefreshToken.objects.get()

    for path, row in [
        (f"/admin/oauthapps/accesstoken/{access.pk}/change/", access),
        (f"/admin/oauthapps/refreshtoken/{refresh.pk}/change/", refresh),
    ]:
        html = staff_client.get(path).content.decode()
        assert row.token_checksum not in html
        assert "token_checksum" not in html


def test_the_application_list_counts_tokens(staff_client, flow, alice):
    flow.tokens_for(alice)
    flow.tokens_for(alice)

    response = staff_client.get("/admin/oauthapps/application/")

    assert response.context["cl"].result_list[0].access_token_count == 2
    assert response.context["cl"].result_list[0].refresh_token_count == 2


def test_staff_mark_an_app_first_party(staff_client, flow):
    app = flow.app
    response = staff_client.get(f"/admin/oauthapps/application/{app.pk}/change/")
    assert "first_party" in response.content.decode()

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(app.pk),
        "form-0-first_party": "on",
        "_save": "Save",
    }
    staff_client.post("/admin/oauthapps/application/", data)

    assert Application.objects.get(pk=app.pk).first_party is True


def test_revoking_access_tokens_from_the_admin_takes_their_refresh_tokens(staff_client, tokens):
    staff_client.post(
        "/admin/oauthapps/accesstoken/",
        {"action": "revoke", "_selected_action": [AccessToken.objects.get().pk]},
    )

    assert not AccessToken.objects.exists()
    assert RefreshToken.objects.get().revoked is not None


# Staff actions leave events: each names the staff user and says it came from the admin.


def staff_user(client):
    from accounts.models import User

    return User.objects.get(email="staff@example.com")


def change_form_data(response) -> dict:
    """The change form's fields as a browser would post them back, unchanged."""
    form = response.context["adminform"].form
    data = {"_save": "Save"}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
        if field.show_hidden_initial:  # fields with a callable default, like the secret
            data[f"initial-{name}"] = data.get(name, "")
    return data


def test_toggling_first_party_in_the_list_leaves_an_event_naming_the_staff_user(staff_client, flow):
    from audit.models import AuditEvent

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(flow.app.pk),
        "form-0-first_party": "on",
        "_save": "Save",
    }
    staff_client.post("/admin/oauthapps/application/", data)

    event = AuditEvent.objects.get(action="oauth_app.first_party_changed")
    assert event.actor == staff_user(staff_client)
    assert event.target_label == flow.app.name
    assert event.metadata["via"] == "admin"
    assert event.metadata["client_id"] == flow.app.client_id
    assert event.metadata["changes"] == {"first_party": {"from": False, "to": True}}
    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()


def test_a_list_save_that_changes_nothing_leaves_no_event(staff_client, flow):
    from audit.models import AuditEvent

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(flow.app.pk),
        "_save": "Save",
    }
    staff_client.post("/admin/oauthapps/application/", data)

    assert not AuditEvent.objects.filter(action__startswith="oauth_app.").exists()


def test_toggling_first_party_in_the_change_form_leaves_an_event(staff_client, flow):
    from audit.models import AuditEvent

    flow.app.first_party = True
    flow.app.save()
    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff_client.get(url))
    del data["first_party"]

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Application.objects.get(pk=flow.app.pk).first_party is False
    event = AuditEvent.objects.get(action="oauth_app.first_party_changed")
    assert event.actor == staff_user(staff_client)
    assert event.metadata["changes"] == {"first_party": {"from": True, "to": False}}
    assert event.metadata["via"] == "admin"
    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()


def test_editing_an_app_in_the_admin_leaves_an_event_with_the_changed_fields(staff_client, flow):
    from audit.models import AuditEvent

    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff_client.get(url))
    data.update(name="Zapier (renamed)", skip_authorization="on")

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app = Application.objects.get(pk=flow.app.pk)
    assert (app.name, app.skip_authorization) == ("Zapier (renamed)", True)
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.actor == staff_user(staff_client)
    assert event.metadata["via"] == "admin"
    assert event.metadata["changes"] == {
        "name": {"from": "Zapier", "to": "Zapier (renamed)"},
        "skip_authorization": {"from": False, "to": True},
    }


def test_a_new_client_secret_set_in_the_admin_is_recorded_but_never_its_value(staff_client, flow):
    from audit.models import AuditEvent

    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff_client.get(url))
    new_secret = "n3w-" + "s" * 60
    data["client_secret"] = new_secret

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.metadata["changes"] == {"client_secret": "changed"}
    assert new_secret not in str(event.metadata)
    assert flow.secret not in str(event.metadata)
    assert Application.objects.get(pk=flow.app.pk).client_secret not in str(event.metadata)


def test_deleting_an_app_in_the_admin_leaves_an_event(staff_client, flow):
    from audit.models import AuditEvent

    staff_client.post(f"/admin/oauthapps/application/{flow.app.pk}/delete/", {"post": "yes"})

    assert not Application.objects.filter(pk=flow.app.pk).exists()
    event = AuditEvent.objects.get(action="oauth_app.deleted")
    assert event.actor == staff_user(staff_client)
    assert event.metadata["via"] == "admin"
    assert event.metadata["client_id"] == flow.app.client_id


def test_revoking_access_tokens_leaves_one_event_per_workspace_and_app(
    staff_client, flow, alice, tokens
):
    from audit.models import AuditEvent

    flow.tokens_for(alice)
    selected = list(AccessToken.objects.values_list("pk", flat=True))

    staff_client.post(
        "/admin/oauthapps/accesstoken/", {"action": "revoke", "_selected_action": selected}
    )

    assert not AccessToken.objects.exists()
    assert not RefreshToken.objects.filter(revoked__isnull=True).exists()
    event = AuditEvent.objects.get(action="oauth.tokens_revoked")
    assert event.actor == staff_user(staff_client)
    assert event.workspace == alice.workspaces.get()
    assert event.target_label == flow.app.name
    assert event.metadata == {
        "client_id": flow.app.client_id,
        "access_tokens": 2,
        "refresh_tokens": 2,
        "via": "admin",
    }


def test_revoking_refresh_tokens_from_the_admin_takes_their_access_tokens(
    staff_client, flow, alice, tokens
):
    from audit.models import AuditEvent

    staff_client.post(
        "/admin/oauthapps/refreshtoken/",
        {"action": "revoke", "_selected_action": [RefreshToken.objects.get().pk]},
    )

    assert not AccessToken.objects.exists()
    assert RefreshToken.objects.get().revoked is not None
    event = AuditEvent.objects.get(action="oauth.tokens_revoked")
    assert event.actor == staff_user(staff_client)
    assert event.workspace == alice.workspaces.get()
    assert (event.metadata["access_tokens"], event.metadata["refresh_tokens"]) == (1, 1)
    assert event.metadata["via"] == "admin"


def test_revoking_already_revoked_refresh_tokens_leaves_no_event(staff_client, tokens):
    from audit.models import AuditEvent

    selection = {"action": "revoke", "_selected_action": [RefreshToken.objects.get().pk]}
    staff_client.post("/admin/oauthapps/refreshtoken/", selection)

    staff_client.post("/admin/oauthapps/refreshtoken/", selection)

    assert AuditEvent.objects.filter(action="oauth.tokens_revoked").count() == 1


def test_adding_an_app_in_the_admin_leaves_an_event_without_its_secret(staff_client, developer):
    from audit.models import AuditEvent

    url = "/admin/oauthapps/application/add/"
    data = change_form_data(staff_client.get(url))
    data.update(
        name="Internal dashboard",
        user=developer.pk,
        redirect_uris="https://dashboard.example.com/callback",
        client_type="confidential",
        authorization_grant_type="authorization-code",
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app = Application.objects.get(name="Internal dashboard")
    event = AuditEvent.objects.get(action="oauth_app.created")
    assert event.actor == staff_user(staff_client)
    assert event.metadata["client_id"] == app.client_id
    assert event.metadata["owner"] == developer.email
    assert event.metadata["via"] == "admin"
    assert data["client_secret"] not in str(event.metadata)
