"""Rotating the ID-token signing key: the JWKS carries the old key beside the new
one, so ID tokens signed before the switch still verify (docs/oidc.md)."""

import pytest
from oauth2_provider.settings import oauth2_settings

from oauthapps.oidc.keys import new_private_key_pem

from .oidc_steps import (
    JoseError,
    id_token_response,
    provider_settings,
    published_keys,
    unverified_header,
    verified_claims,
)


@pytest.fixture
def old_key():
    return oauth2_settings.OIDC_RSA_PRIVATE_KEY


@pytest.fixture
def new_key():
    return new_private_key_pem()


def kids(client) -> list[str]:
    return [key["kid"] for key in client.get("/.well-known/jwks.json").json()["keys"]]


def test_while_rotating_the_jwks_carries_both_keys(client, db, old_key, new_key):
    before = kids(client)

    with provider_settings(OIDC_RSA_PRIVATE_KEY=new_key, OIDC_RSA_PRIVATE_KEYS_INACTIVE=[old_key]):
        during = kids(client)

    assert len(before) == 1
    assert len(during) == 2
    assert during[1] == before[0]  # the old key, after the one that signs now


def test_a_token_signed_by_the_now_inactive_key_still_verifies(flow, alice, old_key, new_key):
    body = id_token_response(flow, alice)

    with provider_settings(OIDC_RSA_PRIVATE_KEY=new_key, OIDC_RSA_PRIVATE_KEYS_INACTIVE=[old_key]):
        claims = verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id)

    assert claims["sub"] == alice.public_id


def test_new_tokens_are_signed_by_the_new_key(flow, alice, old_key, new_key):
    with provider_settings(OIDC_RSA_PRIVATE_KEY=new_key, OIDC_RSA_PRIVATE_KEYS_INACTIVE=[old_key]):
        body = id_token_response(flow, alice)
        current_kid = kids(flow.http)[0]

    assert unverified_header(body["id_token"])["kid"] == current_kid


def test_once_the_old_key_is_dropped_its_tokens_stop_verifying(flow, alice, new_key):
    body = id_token_response(flow, alice)

    with provider_settings(OIDC_RSA_PRIVATE_KEY=new_key):
        published = {key.kid for key in published_keys(flow.http).keys}
        with pytest.raises((JoseError, ValueError)):
            verified_claims(flow.http, body["id_token"], client_id=flow.app.client_id)

    assert unverified_header(body["id_token"])["kid"] not in published
