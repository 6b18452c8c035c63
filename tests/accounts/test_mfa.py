"""Two-factor sign-in (TOTP, recovery codes), its settings page, its events,
and sudo mode asking for the code once it is on."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from allauth.mfa.models import Authenticator

from audit.models import AuditEvent
from tests.accounts.security_steps import enable_totp, reauthenticate, sign_in, totp_code
from tests.audit.conftest import NOON

NOW = NOON  # where `frozen` stops the clock

# allauth reports two-factor changes once they commit: real transactions, as in a request.
pytestmark = pytest.mark.django_db(transaction=True)
PERIOD = timedelta(seconds=30)  # a TOTP code is good once, within its period


@pytest.fixture
def with_totp(client, alice, frozen):
    """Alice signed in, with TOTP turned on; the secret."""
    sign_in(client, "alice@example.com")
    secret = enable_totp(client)
    frozen.shift(PERIOD)
    return secret


def events(action):
    return AuditEvent.objects.filter(action=action).count()


def test_the_settings_nav_leads_to_two_factor(client, alice):
    client.force_login(alice)

    page = client.get("/accounts/2fa/").text
    assert 'href="/accounts/2fa/"' in page and "Two-factor" in page


def test_enabling_totp_is_a_security_event(with_totp, alice):
    assert Authenticator.objects.filter(user=alice, type="totp").exists()
    assert events("user.mfa_enabled") == 1


def test_signing_in_asks_for_the_code_after_the_password(client, with_totp):
    client.post("/accounts/logout/")
    after_password = sign_in(client, "alice@example.com")
    blocked = client.get("/settings/api/")
    after_code = client.post("/accounts/2fa/authenticate/", {"code": totp_code(with_totp)})

    assert after_password.headers["Location"] == "/accounts/2fa/authenticate/"
    assert blocked.status_code == 302
    assert after_code.headers["Location"] == "/settings/api/"
    assert client.get("/settings/api/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, with_totp):
    client.post("/accounts/logout/")
    sign_in(client, "alice@example.com")
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert client.get("/settings/api/").status_code == 302


def test_a_recovery_code_signs_in_once(client, with_totp, alice):
    codes = Authenticator.objects.get(user=alice, type="recovery_codes").wrap().get_unused_codes()
    client.post("/accounts/logout/")
    sign_in(client, "alice@example.com")
    client.post("/accounts/2fa/authenticate/", {"code": codes[0]})

    assert client.get("/settings/api/").status_code == 200


def test_regenerating_recovery_codes_is_a_security_event(client, with_totp):
    reauthenticate_with_code(client, with_totp)
    client.post("/accounts/2fa/recovery-codes/generate/")

    assert events("user.recovery_codes_regenerated") == 1


def test_disabling_totp_is_a_security_event(client, with_totp, alice):
    reauthenticate_with_code(client, with_totp)
    client.post("/accounts/2fa/totp/deactivate/")

    assert not Authenticator.objects.filter(user=alice, type="totp").exists()
    assert events("user.mfa_disabled") == 1


def test_sudo_mode_asks_for_the_code_not_the_password(client, with_totp, frozen):
    frozen.shift(timedelta(minutes=11))
    response = client.post("/settings/workspace/rename/", {"name": "Renamed"})

    next_url = urlencode({"next": "/settings/workspace/rename/"})
    assert response.headers["Location"] == f"/accounts/2fa/reauthenticate/?{next_url}"


def test_in_sudo_mode_a_password_alone_is_not_enough(client, with_totp, frozen, workspace):
    frozen.shift(timedelta(minutes=11))
    reauthenticate(client)
    response = client.post("/settings/workspace/rename/", {"name": "Renamed"})

    assert response.headers["Location"].startswith("/accounts/2fa/reauthenticate/")
    workspace.refresh_from_db()
    assert workspace.name != "Renamed"


def test_the_code_resumes_the_stashed_change(client, with_totp, frozen, workspace):
    frozen.shift(timedelta(minutes=11))
    client.post("/settings/workspace/rename/", {"name": "Renamed"})
    client.post(
        "/accounts/2fa/reauthenticate/",
        {"code": totp_code(with_totp), "next": "/settings/workspace/rename/"},
    )

    workspace.refresh_from_db()
    assert workspace.name == "Renamed"


def reauthenticate_with_code(client, secret):
    response = client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content


def test_the_totp_secret_is_not_stored_in_the_clear(with_totp):
    from allauth.mfa.models import Authenticator

    stored = " ".join(str(row.data) for row in Authenticator.objects.all())

    assert with_totp not in stored
    assert with_totp.lower() not in stored.lower()
