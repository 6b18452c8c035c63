"""Staff actions on apps in the admin leave events: each names the staff user and says
it came from the admin."""

from audit.models import AuditEvent
from oauthapps.models import Application


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


def test_toggling_first_party_in_the_list_leaves_an_event_naming_the_staff_user(staff, flow):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(flow.app.pk),
        "form-0-first_party": "on",
        "_save": "Save",
    }
    staff.post("/admin/oauthapps/application/", data)

    event = AuditEvent.objects.get(action="oauth_app.first_party_changed")
    assert event.actor == staff.user
    assert event.target_label == flow.app.name
    assert event.metadata["via"] == "admin"
    assert event.metadata["client_id"] == flow.app.client_id
    assert event.metadata["changes"] == {"first_party": {"from": False, "to": True}}
    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()


def test_a_list_save_that_changes_nothing_leaves_no_event(staff, flow):

    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(flow.app.pk),
        "_save": "Save",
    }
    staff.post("/admin/oauthapps/application/", data)

    assert not AuditEvent.objects.filter(action__startswith="oauth_app.").exists()


def test_toggling_first_party_in_the_change_form_leaves_an_event(staff, flow):

    flow.app.first_party = True
    flow.app.save()
    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff.get(url))
    del data["first_party"]

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Application.objects.get(pk=flow.app.pk).first_party is False
    event = AuditEvent.objects.get(action="oauth_app.first_party_changed")
    assert event.actor == staff.user
    assert event.metadata["changes"] == {"first_party": {"from": True, "to": False}}
    assert event.metadata["via"] == "admin"
    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()


def test_editing_an_app_in_the_admin_leaves_an_event_with_the_changed_fields(staff, flow):

    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff.get(url))
    data.update(name="Zapier (renamed)", skip_authorization="on")

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app = Application.objects.get(pk=flow.app.pk)
    assert (app.name, app.skip_authorization) == ("Zapier (renamed)", True)
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.actor == staff.user
    assert event.metadata["via"] == "admin"
    assert event.metadata["changes"] == {
        "name": {"from": "Zapier", "to": "Zapier (renamed)"},
        "skip_authorization": {"from": False, "to": True},
    }


def test_a_new_client_secret_set_in_the_admin_is_recorded_but_never_its_value(staff, flow):

    url = f"/admin/oauthapps/application/{flow.app.pk}/change/"
    data = change_form_data(staff.get(url))
    new_secret = "n3w-" + "s" * 60
    data["client_secret"] = new_secret

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.metadata["changes"] == {"client_secret": "changed"}
    assert new_secret not in str(event.metadata)
    assert flow.secret not in str(event.metadata)
    assert Application.objects.get(pk=flow.app.pk).client_secret not in str(event.metadata)


def test_deleting_an_app_in_the_admin_leaves_an_event(staff, flow):

    staff.post(f"/admin/oauthapps/application/{flow.app.pk}/delete/", {"post": "yes"})

    assert not Application.objects.filter(pk=flow.app.pk).exists()
    event = AuditEvent.objects.get(action="oauth_app.deleted")
    assert event.actor == staff.user
    assert event.metadata["via"] == "admin"
    assert event.metadata["client_id"] == flow.app.client_id


def test_adding_an_app_in_the_admin_leaves_an_event_without_its_secret(staff, developer):

    url = "/admin/oauthapps/application/add/"
    data = change_form_data(staff.get(url))
    data.update(
        name="Internal dashboard",
        user=developer.pk,
        redirect_uris="https://dashboard.example.com/callback",
        client_type="confidential",
        authorization_grant_type="authorization-code",
    )

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app = Application.objects.get(name="Internal dashboard")
    event = AuditEvent.objects.get(action="oauth_app.created")
    assert event.actor == staff.user
    assert event.metadata["client_id"] == app.client_id
    assert event.metadata["owner"] == developer.email
    assert event.metadata["via"] == "admin"
    assert data["client_secret"] not in str(event.metadata)
