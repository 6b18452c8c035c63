"""An app's owner turns the device flow on or off (Settings > Developer apps), and staff
can in the admin; either way the change is a security event naming who made it."""

import pytest

from audit.models import AuditEvent
from oauthapps.models import Application, DeviceGrant
from oauthapps.services.applications import application_create

from .device_steps import DeviceFlow
from .test_admin_apps import change_form_data

NEW = "/settings/developer/apps/new/"


@pytest.fixture
def cli_app(alice):
    """Alice's public app for a command line, the kind the device flow is for."""
    app, _ = application_create(
        user=alice, name="Acme CLI", redirect_uris="https://acme.example/cb", client_type="public"
    )
    return app


def edit(client, cli_app, **fields):
    data = {"name": cli_app.name, "redirect_uris": cli_app.redirect_uris, **fields}
    return client.post(f"/settings/developer/apps/{cli_app.pk}/", data)


def test_a_new_app_can_be_registered_with_the_device_flow(alice_client, alice):
    alice_client.post(
        NEW,
        {
            "name": "Acme CLI",
            "redirect_uris": "http://127.0.0.1:8765/callback",
            "client_type": "public",
            "device_flow_enabled": "on",
        },
    )

    cli_app = Application.objects.get()
    assert cli_app.device_flow_enabled
    assert DeviceFlow(cli_app).start().status_code == 200
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.actor == alice
    assert event.metadata["changes"] == {"device_flow_enabled": {"from": False, "to": True}}


def test_apps_are_registered_without_it(alice_client):
    alice_client.post(
        NEW,
        {"name": "Acme", "redirect_uris": "https://acme.example/cb", "client_type": "public"},
    )

    assert not Application.objects.get().device_flow_enabled
    assert not AuditEvent.objects.filter(action="oauth_app.updated").exists()


def test_the_apps_page_shows_the_checkbox_and_the_endpoint_once_on(alice_client, cli_app):
    before = alice_client.get(f"/settings/developer/apps/{cli_app.pk}/")
    edit(alice_client, cli_app, device_flow_enabled="on")
    after = alice_client.get(f"/settings/developer/apps/{cli_app.pk}/")

    assert 'name="device_flow_enabled"' in before.content.decode()
    assert "/oauth/device_authorization" not in before.content.decode()
    assert after.context["form"]["device_flow_enabled"].value() is True
    assert "/oauth/device_authorization" in after.content.decode()


def test_the_owner_turns_it_on_and_off_and_each_change_is_recorded(alice_client, cli_app, alice):
    edit(alice_client, cli_app, device_flow_enabled="on")
    cli_app.refresh_from_db()
    assert cli_app.device_flow_enabled

    edit(alice_client, cli_app)

    cli_app.refresh_from_db()
    assert not cli_app.device_flow_enabled
    changes = [
        event.metadata["changes"]["device_flow_enabled"]
        for event in AuditEvent.objects.filter(action="oauth_app.updated").order_by("id")
    ]
    assert changes == [{"from": False, "to": True}, {"from": True, "to": False}]


def test_staff_turn_it_on_in_the_admin(staff, cli_app):
    url = f"/admin/oauthapps/application/{cli_app.pk}/change/"
    data = change_form_data(staff.get(url))
    data["device_flow_enabled"] = "on"

    staff.post(url, data)

    cli_app.refresh_from_db()
    assert cli_app.device_flow_enabled
    event = AuditEvent.objects.get(action="oauth_app.updated")
    assert event.metadata["via"] == "admin"
    assert event.metadata["changes"]["device_flow_enabled"] == {"from": False, "to": True}


def test_staff_see_device_grants_but_never_their_codes(staff, make_app, developer):
    cli_app, _ = make_app(developer, device_flow_enabled=True, client_type="public")
    codes = DeviceFlow(cli_app).codes()

    grant = DeviceGrant.objects.get()

    page = staff.get("/admin/oauthapps/devicegrant/")
    row = staff.get(f"/admin/oauthapps/devicegrant/{grant.pk}/change/")

    assert (page.status_code, row.status_code) == (200, 200)
    assert cli_app.name in page.content.decode()
    for response in (page, row):
        assert codes["device_code"] not in response.content.decode()
        assert codes["user_code"].replace("-", "") not in response.content.decode()
