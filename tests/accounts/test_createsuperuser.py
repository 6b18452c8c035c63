"""Users made by an operator, in the admin or with createsuperuser, own a workspace
from the start and can use Settings > API straight away."""

from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from accounts.models import Membership, User

PASSWORD = "a long operator password"


def owned_workspace(user: User):
    return Membership.objects.get(user=user, role=Membership.Role.OWNER).workspace


def test_a_user_added_in_the_admin_owns_a_workspace(db):
    staff = User.objects.create_superuser("staff@example.com", password=PASSWORD, name="Staff")
    client = Client()
    client.force_login(staff)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "erin@example.com",
            "name": "Erin",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    erin = User.objects.get(email="erin@example.com")
    assert owned_workspace(erin).name == "Erin's workspace"
    assert erin.workspaces.count() == 1


def test_createsuperuser_noinput_gives_a_workspace_settings_api_shows(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "Ops@Example.com")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_NAME", "Olive Ops")

    call_command("createsuperuser", interactive=False, verbosity=0)

    olive = User.objects.get(email="ops@example.com")
    assert (olive.is_staff, olive.is_superuser, olive.name) == (True, True, "Olive Ops")
    workspace = owned_workspace(olive)
    client = Client()
    login = client.post("/accounts/login/", {"login": "ops@example.com", "password": PASSWORD})
    assert login.status_code == 302
    page = client.get("/settings/api/")
    assert page.status_code == 200
    assert page.wsgi_request.workspaces.workspace == workspace
    assert escape(workspace.name) in page.content.decode()
