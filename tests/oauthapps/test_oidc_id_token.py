"""The ID token of the code flow: who it names, what it says, who signed it."""

from datetime import UTC, datetime, timedelta

import time_machine

from .conftest import bearer, query_of
from .oidc_steps import (
    NONCE,
    id_token_response,
    published_keys,
    unverified_header,
    verified_claims,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def claims_for(flow, user, scope="openid email profile", nonce=NONCE) -> dict:
    body = id_token_response(flow, user, scope=scope, nonce=nonce)
    return verified_claims(
        flow.http,
        body["id_token"],
        client_id=flow.app.client_id,
        nonce=nonce,
        access_token=body["access_token"],
    )


def test_it_names_the_user_by_public_id_never_the_database_key(flow, alice):
    claims = claims_for(flow, alice)

    assert claims["sub"] == alice.public_id
    assert claims["sub"].startswith("usr_")
    assert claims["sub"] != str(alice.pk)


def test_it_is_issued_by_the_rfc8414_issuer_for_the_app_with_the_nonce(flow, alice):
    issuer = flow.http.get("/.well-known/oauth-authorization-server").json()["issuer"]

    claims = claims_for(flow, alice, nonce="abc-123")

    assert claims["iss"] == issuer
    assert claims["aud"] == flow.app.client_id
    assert claims["nonce"] == "abc-123"


def test_it_has_no_nonce_when_the_app_sent_none(flow, alice):
    body = flow.tokens_for(alice, scope="openid")

    claims = verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id, nonce=None)

    assert "nonce" not in claims


def test_it_lives_an_hour_and_says_when_the_user_signed_in(flow, alice):
    with time_machine.travel(NOW, tick=False):
        flow.browser.force_login(alice)  # the sign-in
    with time_machine.travel(NOW + timedelta(minutes=5), tick=False):
        page = flow.browser.get(flow.authorize_url(scope="openid", nonce=NONCE))
        code = query_of(flow.answer(page)["Location"])["code"]
        body = flow.exchange(code).json()
        claims = verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id)

    assert claims["auth_time"] == int(NOW.timestamp())
    assert claims["iat"] == int((NOW + timedelta(minutes=5)).timestamp())
    assert claims["exp"] - claims["iat"] == 3600


def test_without_the_email_scope_it_has_no_email(flow, alice):
    claims = claims_for(flow, alice, scope="openid profile")

    assert claims["name"] == "Alice Owner"
    assert "email" not in claims
    assert "email_verified" not in claims


def test_without_the_profile_scope_it_has_no_name(flow, alice):
    claims = claims_for(flow, alice, scope="openid email")

    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is True
    assert "name" not in claims


def test_openid_alone_names_the_user_and_nothing_more(flow, alice):
    claims = claims_for(flow, alice, scope="openid")

    assert claims["sub"] == alice.public_id
    assert not {"email", "email_verified", "name"} & set(claims)


def test_an_unverified_address_is_said_to_be_unverified(flow, alice):
    alice.email_verified_at = None
    alice.save(update_fields=["email_verified_at"])

    claims = claims_for(flow, alice)

    assert claims["email"] == "alice@example.com"
    assert claims["email_verified"] is False


def test_a_user_without_a_name_gets_no_empty_name(flow, alice):
    alice.name = ""
    alice.save(update_fields=["name"])

    assert "name" not in claims_for(flow, alice)


def test_it_is_signed_rs256_with_the_published_key(flow, alice):
    body = id_token_response(flow, alice)

    header = unverified_header(body["id_token"])
    assert header["alg"] == "RS256"
    assert header["kid"] in {key.kid for key in published_keys(flow.http).keys}


def test_every_app_signs_rs256_whatever_algorithm_its_row_names(
    make_app, make_flow, developer, alice
):
    for algorithm in ("", "HS256"):
        app, secret = make_app(developer, name=f"App {algorithm}", algorithm=algorithm)
        flow = make_flow(app, secret)

        body = id_token_response(flow, alice)

        assert unverified_header(body["id_token"])["alg"] == "RS256"
        assert verified_claims(flow.http, body["id_token"], client_id=app.client_id)["sub"]


def test_a_request_without_openid_gets_plain_oauth(flow, alice):
    body = flow.tokens_for(alice, scope="read write", nonce="ignored")

    assert "id_token" not in body
    assert set(body) == {"access_token", "refresh_token", "token_type", "expires_in", "scope"}


def test_a_refresh_of_an_openid_grant_brings_a_new_id_token(flow, alice):
    body = id_token_response(flow, alice)

    refreshed = flow.refresh(body["refresh_token"]).json()

    claims = verified_claims(
        flow.http, refreshed["id_token"], client_id=flow.app.client_id, nonce=None
    )
    assert claims["sub"] == alice.public_id
    assert refreshed["id_token"] != body["id_token"]


def test_identity_scopes_grant_nothing_on_the_api(flow, alice, client):
    body = id_token_response(flow, alice)

    response = client.get("/v1/users/me", **bearer(body["access_token"]))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "insufficient_permissions"
