"""/oauth/device: a signed-in person enters the code their device shows, then allows or denies."""

from datetime import timedelta
from urllib.parse import quote

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Workspace
from audit.models import AuditEvent
from oauthapps.models import Consent, DeviceGrant
from tests.support import PASSWORD

from .device_steps import PAGE, DeviceFlow, device_app


@pytest.fixture
def device(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer))


@pytest.fixture
def codes(device):
    return device.codes()


def test_it_asks_for_sign_in_and_comes_back_with_the_code(device, codes, alice):
    complete = codes["verification_uri_complete"]
    path = complete[complete.index(PAGE) :]

    to_login = device.browser.get(path)
    signed_in = device.browser.post(
        to_login["Location"], {"login": alice.email, "password": PASSWORD}
    )
    page = device.browser.get(signed_in["Location"])

    assert to_login.status_code == 302
    assert to_login["Location"] == f"/accounts/login/?next={quote(path, safe='/')}"
    assert signed_in["Location"] == path
    assert page.context["form"]["user_code"].value() == codes["user_code"]


def test_the_page_answers_with_and_without_a_trailing_slash(device, alice):
    device.browser.force_login(alice)

    assert device.browser.get(PAGE).status_code == 200
    assert device.browser.get(PAGE + "/").status_code == 200


@pytest.mark.parametrize("typed", ["lower", "no dashes", "spaces"])
def test_the_code_is_read_whatever_its_case_dashes_or_spaces(device, codes, alice, typed):
    letters = codes["user_code"].replace("-", "")
    variant = {
        "lower": codes["user_code"].lower(),
        "no dashes": letters,
        "spaces": f" {letters[:2]} {letters[2:6]}  {letters[6:]} ",
    }[typed]

    page = device.enter(alice, variant)

    assert page.status_code == 200
    assert page.templates[0].name == "oauthapps/device_consent.html"


def test_the_consent_page_names_the_app_its_scopes_and_the_code(device, codes, alice):
    page = device.enter(alice, codes["user_code"])

    html = page.content.decode()
    assert "Coherence CLI" in html
    assert "Dana Developer" in html
    assert "Read all data you can access" in html
    assert "Create and update records" in html
    assert codes["user_code"] in html
    assert 'name="allow"' in html and 'name="deny"' in html
    assert page["X-Frame-Options"] == "DENY"


def test_someone_in_several_workspaces_picks_one(device, codes, bob, workspace):
    page = device.enter(bob, codes["user_code"])

    choices = {w.pk for w in page.context["form"].fields["workspace"].queryset}
    assert choices == set(bob.workspaces.values_list("pk", flat=True))
    assert not page.context["form"]["workspace"].is_hidden


def test_allow_binds_the_grant_to_the_user_and_the_chosen_workspace(device, codes, bob, workspace):
    done = device.approve(bob, codes["user_code"], workspace=workspace)

    grant = DeviceGrant.objects.get()
    assert done.status_code == 200
    assert "Device connected" in done.content.decode()
    assert grant.status == grant.AUTHORIZED
    assert (grant.user, grant.workspace) == (bob, workspace)


def test_allow_is_remembered_and_recorded_as_a_consent(device, codes, alice, workspace):
    device.approve(alice, codes["user_code"])

    consent = Consent.objects.get()
    event = AuditEvent.objects.get(action="oauth.authorized")
    assert (consent.user, consent.workspace) == (alice, workspace)
    assert consent.scopes == ["read", "write"]
    assert event.actor == alice
    assert event.workspace == workspace
    assert event.metadata["client_id"] == device.app.client_id


def test_it_asks_again_although_consent_was_remembered(device, alice):
    device.tokens_for(alice)
    codes = device.codes()

    page = device.enter(alice, codes["user_code"])

    assert page.templates[0].name == "oauthapps/device_consent.html"
    assert DeviceGrant.objects.get(user_code=codes["user_code"].replace("-", "")).user is None


def test_deny_marks_the_grant_denied_and_is_recorded(device, codes, alice):
    done = device.deny(alice, codes["user_code"])

    grant = DeviceGrant.objects.get()
    event = AuditEvent.objects.get(action="oauth.device_denied")
    assert "Device denied" in done.content.decode()
    assert grant.status == grant.DENIED
    assert event.actor == alice
    assert event.metadata["client_id"] == device.app.client_id
    assert not Consent.objects.exists()
    assert not AuditEvent.objects.filter(action="oauth.authorized").exists()


def test_a_workspace_the_user_is_not_in_cannot_be_chosen(device, codes, alice, charlie):
    page = device.enter(alice, codes["user_code"])
    theirs = Workspace.objects.get(memberships__user=charlie)

    response = device.answer(page, workspace=theirs.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["workspace"]
    assert DeviceGrant.objects.get().status == DeviceGrant.AUTHORIZATION_PENDING


def test_a_wrong_code_says_so(device, codes, alice):
    wrong = "BBBB-BBBB" if codes["user_code"] != "BBBB-BBBB" else "CCCC-CCCC"

    page = device.enter(alice, wrong)

    assert page.templates[0].name == "oauthapps/device_entry.html"
    assert "That code is not right" in page.content.decode()


def test_a_malformed_code_says_what_a_code_looks_like(device, alice):
    page = device.enter(alice, "12345")

    assert "A code is eight letters" in page.content.decode()


def test_an_expired_code_says_so(device, codes, alice):
    with time_machine.travel(timezone.now() + timedelta(seconds=601)):
        page = device.enter(alice, codes["user_code"])

    assert "That code has expired" in page.content.decode()


@pytest.mark.parametrize("answer", ["allow", "deny"])
def test_a_code_already_answered_says_so(device, codes, alice, answer):
    answered = device.approve if answer == "allow" else device.deny
    answered(alice, codes["user_code"])

    page = device.enter(alice, codes["user_code"])

    assert "That code has been used already" in page.content.decode()


def test_a_second_answer_from_another_tab_changes_nothing(device, codes, alice):
    first_tab = device.enter(alice, codes["user_code"])
    second_tab = device.enter(alice, codes["user_code"])
    device.answer(first_tab, allow=False)

    late = device.answer(second_tab)

    assert "That code has been used already" in late.content.decode()
    assert DeviceGrant.objects.get().status == DeviceGrant.DENIED
    assert not Consent.objects.exists()
