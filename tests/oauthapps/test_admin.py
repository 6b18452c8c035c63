"""Staff see apps, tokens and codes in the admin, never a secret; revoking tokens there
leaves events naming the staff user."""

import pytest

from oauthapps.models import AccessToken, Application, RefreshToken


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
def test_the_lists_show_no_token_code_checksum_or_secret(staff, flow, tokens, path):
    response = staff.get(path)

    html = response.content.decode()
    assert response.status_code == 200
    for secret in [tokens["access_token"], tokens["refresh_token"], flow.secret]:
        assert secret not in html
    for stored in AccessToken.objects.values_list("token_checksum", flat=True):
        assert stored not in html


def test_a_token_page_shows_no_token_or_checksum(staff, tokens):
    access = AccessToken.objects.get()
    refresh = RefreshToken.objects.get()

    for path, row in [
        (f"/admin/oauthapps/accesstoken/{access.pk}/change/", access),
        (f"/admin/oauthapps/refreshtoken/{refresh.pk}/change/", refresh),
    ]:
        html = staff.get(path).content.decode()
        assert row.token_checksum not in html
        assert "token_checksum" not in html


def test_the_application_list_counts_tokens(staff, flow, alice):
    flow.tokens_for(alice)
    flow.tokens_for(alice)

    response = staff.get("/admin/oauthapps/application/")

    assert response.context["cl"].result_list[0].access_token_count == 2
    assert response.context["cl"].result_list[0].refresh_token_count == 2


def test_staff_mark_an_app_first_party(staff, flow):
    app = flow.app
    response = staff.get(f"/admin/oauthapps/application/{app.pk}/change/")
    assert "first_party" in response.content.decode()

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(app.pk),
        "form-0-first_party": "on",
        "_save": "Save",
    }
    staff.post("/admin/oauthapps/application/", data)

    assert Application.objects.get(pk=app.pk).first_party is True


def test_revoking_access_tokens_from_the_admin_takes_their_refresh_tokens(staff, tokens):
    staff.post(
        "/admin/oauthapps/accesstoken/",
        {"action": "revoke", "_selected_action": [AccessToken.objects.get().pk]},
    )

    assert not AccessToken.objects.exists()
    assert RefreshToken.objects.get().revoked is not None


def test_revoking_access_tokens_leaves_one_event_per_workspace_and_app(staff, flow, alice, tokens):
    from audit.models import AuditEvent

    flow.tokens_for(alice)
    selected = list(AccessToken.objects.values_list("pk", flat=True))

    staff.post("/admin/oauthapps/accesstoken/", {"action": "revoke", "_selected_action": selected})

    assert not AccessToken.objects.exists()
    assert not RefreshToken.objects.filter(revoked__isnull=True).exists()
    event = AuditEvent.objects.get(action="oauth.tokens_revoked")
    assert event.actor == staff.user
    assert event.workspace == alice.workspaces.get()
    assert event.target_label == flow.app.name
    assert event.metadata == {
        "client_id": flow.app.client_id,
        "access_tokens": 2,
        "refresh_tokens": 2,
        "via": "admin",
    }


def test_revoking_refresh_tokens_from_the_admin_takes_their_access_tokens(
    staff, flow, alice, tokens
):
    from audit.models import AuditEvent

    staff.post(
        "/admin/oauthapps/refreshtoken/",
        {"action": "revoke", "_selected_action": [RefreshToken.objects.get().pk]},
    )

    assert not AccessToken.objects.exists()
    assert RefreshToken.objects.get().revoked is not None
    event = AuditEvent.objects.get(action="oauth.tokens_revoked")
    assert event.actor == staff.user
    assert event.workspace == alice.workspaces.get()
    assert (event.metadata["access_tokens"], event.metadata["refresh_tokens"]) == (1, 1)
    assert event.metadata["via"] == "admin"


def test_revoking_already_revoked_refresh_tokens_leaves_no_event(staff, tokens):
    from audit.models import AuditEvent

    selection = {"action": "revoke", "_selected_action": [RefreshToken.objects.get().pk]}
    staff.post("/admin/oauthapps/refreshtoken/", selection)

    staff.post("/admin/oauthapps/refreshtoken/", selection)

    assert AuditEvent.objects.filter(action="oauth.tokens_revoked").count() == 1
