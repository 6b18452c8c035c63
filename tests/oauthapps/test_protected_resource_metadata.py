"""RFC 9728 protected-resource metadata, and the /v1 401s that point at it."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from werkzeug.datastructures import WWWAuthenticate

from .conftest import bearer

ISSUER = "https://api.example.com"
V1_DOCUMENT = "/.well-known/oauth-protected-resource/v1"


@pytest.fixture
def issuer():
    """Production's configuration: OAUTH_ISSUER, which the OAuth server's issuer follows."""
    provider = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": ISSUER}
    with override_settings(OAUTH_ISSUER=ISSUER, OAUTH2_PROVIDER=provider):
        yield ISSUER


@pytest.fixture
def no_issuer():
    """DEBUG's configuration when OAUTH_ISSUER is left empty: the request's origin."""
    provider = {**settings.OAUTH2_PROVIDER, "OIDC_ISS_ENDPOINT": ""}
    with override_settings(OAUTH_ISSUER="", OAUTH2_PROVIDER=provider):
        yield "http://testserver"


def challenge(response) -> WWWAuthenticate:
    return WWWAuthenticate.from_header(response.headers["WWW-Authenticate"])


def test_the_v1_document_describes_the_api(client, db, issuer):
    response = client.get(V1_DOCUMENT)

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == {
        "resource": f"{issuer}/v1",
        "authorization_servers": [issuer],
        "scopes_supported": sorted(settings.OAUTH2_PROVIDER["SCOPES"]),
        "bearer_methods_supported": ["header"],
        "resource_name": "Coherence API",
        "resource_documentation": f"{issuer}/api/docs/",
    }


def test_the_origin_has_its_own_document(client, db, issuer):
    document = client.get("/.well-known/oauth-protected-resource").json()

    assert document["resource"] == issuer
    assert document["authorization_servers"] == [issuer]


@pytest.mark.parametrize(
    "path",
    [
        "/.well-known/oauth-protected-resource/",
        "/.well-known/oauth-protected-resource/v1/",
    ],
)
def test_a_trailing_slash_is_the_same_document(client, db, issuer, path):
    assert client.get(path).json() == client.get(path.rstrip("/")).json()


def test_no_other_resource_has_a_document(client, db):
    assert client.get("/.well-known/oauth-protected-resource/v2").status_code == 404


def test_the_authorization_server_is_the_one_the_rfc_8414_metadata_names(client, db, no_issuer):
    server = client.get("/.well-known/oauth-authorization-server").json()

    document = client.get(V1_DOCUMENT).json()

    assert document["authorization_servers"] == [server["issuer"]] == [no_issuer]
    assert document["resource"] == f"{no_issuer}/v1"
    assert document["scopes_supported"] == server["scopes_supported"]


@pytest.mark.parametrize("authorization", [None, "Bearer ck_live_unknown", "Bearer at_unknown"])
def test_a_v1_401_names_the_document_in_its_challenge(client, db, issuer, authorization):
    headers = {"HTTP_AUTHORIZATION": authorization} if authorization else {}

    response = client.get("/v1/users/me", **headers)

    assert response.status_code == 401
    parsed = challenge(response)
    assert parsed.type == "bearer"
    assert parsed.parameters["resource_metadata"] == f"{issuer}{V1_DOCUMENT}"


def test_the_challenge_leads_to_a_document_about_the_resource_called(client, db, no_issuer):
    url = challenge(client.get("/v1/users/me")).parameters["resource_metadata"]

    assert url.startswith(no_issuer)
    document = client.get(url.removeprefix(no_issuer)).json()
    # RFC 9728 section 3.3: the resource is the one the URL was made from.
    assert document["resource"] == f"{no_issuer}/v1"


def test_an_expired_token_is_told_where_to_go_too(client, flow, alice, issuer):
    token = flow.tokens_for(alice)["access_token"]

    with time_machine.travel(timezone.now() + timedelta(seconds=3601)):
        response = client.get("/v1/users/me", **bearer(token))

    assert response.json()["error"]["code"] == "token_expired"
    assert challenge(response).parameters["resource_metadata"] == f"{issuer}{V1_DOCUMENT}"


def test_a_refusal_for_a_valid_credential_is_not_a_challenge(client, flow, alice):
    token = flow.tokens_for(alice, scope="read")["access_token"]

    response = client.delete("/v1/modules/contacts/records/rec_nope", **bearer(token))

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers
