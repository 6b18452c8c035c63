"""/oauth/device_authorization (RFC 8628 section 3.1): a device asks for its codes."""

import hashlib
import re

import pytest
from django.test import override_settings
from oauth2_provider.settings import oauth2_settings

from oauthapps.device import ALPHABET
from oauthapps.models import Application, DeviceGrant

from .device_steps import DeviceFlow, basic, device_app


@pytest.fixture
def device(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer))


@pytest.fixture
def confidential(make_app, developer):
    return DeviceFlow(*device_app(make_app, developer, client_type=Application.CLIENT_CONFIDENTIAL))


def test_it_gives_a_public_client_its_codes(device):
    response = device.start()

    body = response.json()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert set(body) >= {
        "device_code",
        "user_code",
        "verification_uri",
        "verification_uri_complete",
        "expires_in",
        "interval",
    }
    assert body["expires_in"] == 600
    assert body["interval"] == 5
    assert body["scope"] == "read write"


def test_the_user_code_is_two_groups_of_four_consonants(device):
    user_code = device.codes()["user_code"]

    assert re.fullmatch(f"[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}", user_code)
    assert re.fullmatch("[B-DF-HJ-NP-TV-Z]+", ALPHABET)  # no vowels, no digits


def test_the_verification_uri_is_the_issuers_device_page(device):
    body = device.codes()

    issuer = oauth2_settings.OIDC_ISS_ENDPOINT
    assert body["verification_uri"] == f"{issuer}/oauth/device"
    assert body["verification_uri_complete"] == (
        f"{issuer}/oauth/device?user_code={body['user_code']}"
    )


def test_it_answers_with_and_without_a_trailing_slash(device):
    response = device.start(path="/oauth/device_authorization/", scope=None)

    assert response.status_code == 200
    assert response.json()["scope"] == "read"  # DEFAULT_SCOPES when none is asked for


def test_it_keeps_a_digest_of_the_device_code_not_the_code(device):
    body = device.codes()

    grant = DeviceGrant.objects.get()
    assert grant.device_code == hashlib.sha256(body["device_code"].encode()).hexdigest()
    assert grant.user_code == body["user_code"].replace("-", "")
    assert grant.application == device.app
    assert grant.status == grant.AUTHORIZATION_PENDING


def test_an_app_that_did_not_enable_the_grant_is_an_unauthorized_client(make_app, developer):
    app, _secret = make_app(developer, client_type=Application.CLIENT_PUBLIC)

    response = DeviceFlow(app).start()

    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"
    assert not DeviceGrant.objects.exists()


def test_a_confidential_client_authenticates_with_its_secret(confidential):
    in_body = confidential.start()
    with_basic = confidential.post(
        "/oauth/device_authorization",
        {"scope": "read"},
        **basic(confidential.app.client_id, confidential.secret),
    )

    assert in_body.status_code == 200
    assert with_basic.status_code == 200


@pytest.mark.parametrize("secret", [None, "not-the-secret"])
def test_a_confidential_client_without_its_secret_is_refused(confidential, secret):
    response = confidential.start(with_secret=False, client_secret=secret)

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response["WWW-Authenticate"].startswith("Basic")
    assert not DeviceGrant.objects.exists()


def test_a_wrong_secret_over_http_basic_is_an_invalid_client(confidential):
    response = confidential.post(
        "/oauth/device_authorization",
        {"scope": "read"},
        **basic(confidential.app.client_id, "not-the-secret"),
    )

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert not DeviceGrant.objects.exists()


def test_an_http_basic_client_has_its_secret_checked_once(confidential):
    from unittest import mock

    from oauthapps.hashers import ClientSecretHasher

    with mock.patch.object(
        ClientSecretHasher, "verify", autospec=True, side_effect=ClientSecretHasher.verify
    ) as verify:
        response = confidential.post(
            "/oauth/device_authorization",
            {"scope": "read"},
            **basic(confidential.app.client_id, confidential.secret),
        )

    assert response.status_code == 200
    assert verify.call_count == 1


def test_an_unknown_client_is_refused(device):
    response = device.start(client_id="no-such-client")

    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"


def test_a_request_without_a_client_id_is_invalid(device, db):
    response = device.post("/oauth/device_authorization", {"scope": "read"})

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"


def test_a_third_party_app_may_not_ask_for_admin(device):
    response = device.start(scope="read admin")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"


def test_it_only_answers_post(device):
    assert device.http.get("/oauth/device_authorization").status_code == 405


@override_settings(OAUTH_TOKEN_RATE_LIMIT=2)
def test_it_is_rate_limited_per_client_with_the_token_endpoint(device):
    statuses = [device.start().status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    refused = device.start()
    assert refused.json()["error"] == "temporarily_unavailable"
    assert int(refused["Retry-After"]) >= 1
    assert device.poll("anything").status_code == 429  # one budget per client


def test_a_nul_byte_in_a_parameter_is_a_clear_invalid_request(device):
    response = device.start(client_id="cli\x00ent")

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_request"
