"""A rotated client secret keeps working for the overlap its developer chose, then stops.

Both secrets authenticate the app at /oauth/token (in the body or with HTTP
Basic), /oauth/revoke and /oauth/introspect until the previous one expires;
after that, or once the developer stops it early, only the current one does.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from oauthapps.models import Application
from oauthapps.services.secrets import application_revoke_previous_secret
from tests.oauthapps.conftest import CALLBACK, OAuthFlow
from tests.oauthapps.secret_steps import (
    DAY,
    basic,
    exchange,
    refused,
    rotate,
    token_request,
)

# `frozen` stops the clock here; `registered` makes Alice's app at this moment.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.mark.parametrize("how", ["post", "basic"])
def test_both_secrets_exchange_codes_during_the_overlap(registered, alice, bob, frozen, how):
    app, old = registered
    new = rotate(app, alice)
    frozen.shift(DAY - timedelta(seconds=1))

    assert exchange(app, bob, old, how).status_code == 200
    assert exchange(app, bob, new, how).status_code == 200


@pytest.mark.parametrize("how", ["post", "basic"])
def test_only_the_new_secret_works_once_the_overlap_ends(registered, alice, bob, frozen, how):
    app, old = registered
    new = rotate(app, alice)
    frozen.shift(DAY)

    assert refused(exchange(app, bob, old, how))
    assert exchange(app, bob, new, how).status_code == 200


@pytest.mark.parametrize("how", ["post", "basic"])
def test_a_refresh_works_with_the_previous_secret_until_it_expires(
    registered, alice, bob, frozen, how
):
    app, old = registered
    first = exchange(app, bob, old).json()
    rotate(app, alice, overlap=timedelta(hours=1))
    frozen.shift(timedelta(minutes=59))

    refreshed = token_request(
        OAuthFlow(app).http,
        app,
        old,
        how,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )

    assert refreshed.status_code == 200, refreshed.content
    frozen.shift(timedelta(minutes=1))
    again = token_request(
        OAuthFlow(app).http,
        app,
        old,
        how,
        grant_type="refresh_token",
        refresh_token=refreshed.json()["refresh_token"],
    )
    assert refused(again)


def test_a_wrong_secret_is_still_refused_during_the_overlap(registered, alice, bob, make_app):
    app, old = registered
    rotate(app, alice)
    _, others_secret = make_app(alice, name="Other app")

    assert refused(exchange(app, bob, "x" * 128))
    assert refused(exchange(app, bob, others_secret, "basic"))
    assert refused(exchange(app, bob, old[:-1] + "!"))


def test_the_previous_secret_belongs_to_its_own_app_only(registered, alice, bob, make_app):
    app, old = registered
    rotate(app, alice)
    other, _ = make_app(alice, name="Other app")

    assert refused(exchange(other, bob, old, "basic"))
    assert refused(exchange(other, bob, old, "post"))


def test_no_overlap_stops_the_old_secret_at_once(registered, alice, bob):
    app, old = registered

    new = rotate(app, alice, overlap=timedelta(0))

    assert refused(exchange(app, bob, old))
    assert exchange(app, bob, new).status_code == 200


def test_rotating_again_during_an_overlap_stops_the_oldest_secret_at_once(
    registered, alice, bob, frozen
):
    app, first = registered
    second = rotate(app, alice, overlap=DAY)
    frozen.shift(timedelta(hours=2))

    third = rotate(app, alice, overlap=timedelta(hours=1))

    assert refused(exchange(app, bob, first))
    assert exchange(app, bob, second).status_code == 200
    assert exchange(app, bob, third).status_code == 200
    frozen.shift(timedelta(hours=1))
    assert refused(exchange(app, bob, second))
    assert exchange(app, bob, third).status_code == 200


def test_rotating_again_with_no_overlap_stops_both_older_secrets(registered, alice, bob, frozen):
    app, first = registered
    second = rotate(app, alice, overlap=DAY)

    third = rotate(app, alice, overlap=timedelta(0))

    assert refused(exchange(app, bob, first))
    assert refused(exchange(app, bob, second))
    assert exchange(app, bob, third).status_code == 200
    assert Application.objects.get(pk=app.pk).previous_client_secret == ""


def test_stopping_the_previous_secret_early_leaves_only_the_current_one(registered, alice, bob):
    app, old = registered
    new = rotate(app, alice)

    application_revoke_previous_secret(application=app, actor=alice)

    assert refused(exchange(app, bob, old))
    assert exchange(app, bob, new).status_code == 200


def test_revocation_and_introspection_accept_the_previous_secret(registered, alice, bob, frozen):
    app, old = registered
    tokens = exchange(app, bob, old).json()
    rotate(app, alice)
    http = OAuthFlow(app).http

    looked_up = http.post(
        "/oauth/introspect", {"token": tokens["access_token"]}, **basic(app.client_id, old)
    )
    revoked = http.post(
        "/oauth/revoke",
        {"token": tokens["refresh_token"], "client_id": app.client_id, "client_secret": old},
    )

    assert looked_up.status_code == 200
    assert looked_up.json()["active"] is True
    assert revoked.status_code == 200
    frozen.shift(DAY)
    refused_lookup = http.post(
        "/oauth/introspect", {"token": tokens["access_token"]}, **basic(app.client_id, old)
    )
    assert refused_lookup.status_code == 401


def test_the_previous_secret_costs_no_extra_query(registered, alice, bob):
    app, old = registered
    new = rotate(app, alice)
    flow = OAuthFlow(app)
    codes = [flow.code_for(bob), flow.code_for(bob)]
    counts = []

    for code, secret in zip(codes, [new, old], strict=True):
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
        with CaptureQueriesContext(connection) as queries:
            response = token_request(flow.http, app, secret, "basic", **data)
        assert response.status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1]
