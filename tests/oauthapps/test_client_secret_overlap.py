"""A rotated client secret keeps working for the overlap its developer chose, then stops.

Both secrets authenticate the app at /oauth/token (in the body or with HTTP
Basic), /oauth/revoke and /oauth/introspect until the previous one expires;
after that, or once the developer stops it early, only the current one does.
"""

import base64
from datetime import UTC, datetime, timedelta
from urllib.parse import quote_plus

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from oauthapps.models import Application
from oauthapps.services.applications import (
    application_create,
    application_revoke_previous_secret,
    application_rotate_secret,
)
from tests.oauthapps.conftest import CALLBACK, OAuthFlow
from tests.oauthapps.test_admin_apps import change_form_data

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DAY = timedelta(hours=24)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def registered(alice, clock):
    """Alice's confidential app and its first secret."""
    return application_create(
        user=alice, name="Acme Sync", redirect_uris=CALLBACK, client_type="confidential"
    )


def rotate(app, actor, overlap=DAY) -> str:
    _, secret = application_rotate_secret(application=app, actor=actor, overlap=overlap)
    return secret


def basic(client_id: str, secret: str) -> dict:
    pair = f"{quote_plus(client_id)}:{quote_plus(secret)}".encode()
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(pair).decode()}


def token_request(http, app, secret, how, **data):
    """POST /oauth/token, authenticating with `secret` in the body ("post") or with Basic."""
    if how == "post":
        return http.post(
            "/oauth/token", {**data, "client_id": app.client_id, "client_secret": secret}
        )
    return http.post("/oauth/token", data, **basic(app.client_id, secret))


def exchange(app, user, secret, how="post"):
    """The whole code flow for `user`, the code exchanged with `secret`."""
    flow = OAuthFlow(app)
    code = flow.code_for(user)
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": CALLBACK}
    return token_request(flow.http, app, secret, how, **data)


def refused(response) -> bool:
    return response.status_code == 401 and response.json()["error"] == "invalid_client"


@pytest.mark.parametrize("how", ["post", "basic"])
def test_both_secrets_exchange_codes_during_the_overlap(registered, alice, bob, clock, how):
    app, old = registered
    new = rotate(app, alice)
    clock.shift(DAY - timedelta(seconds=1))

    assert exchange(app, bob, old, how).status_code == 200
    assert exchange(app, bob, new, how).status_code == 200


@pytest.mark.parametrize("how", ["post", "basic"])
def test_only_the_new_secret_works_once_the_overlap_ends(registered, alice, bob, clock, how):
    app, old = registered
    new = rotate(app, alice)
    clock.shift(DAY)

    assert refused(exchange(app, bob, old, how))
    assert exchange(app, bob, new, how).status_code == 200


@pytest.mark.parametrize("how", ["post", "basic"])
def test_a_refresh_works_with_the_previous_secret_until_it_expires(
    registered, alice, bob, clock, how
):
    app, old = registered
    first = exchange(app, bob, old).json()
    rotate(app, alice, overlap=timedelta(hours=1))
    clock.shift(timedelta(minutes=59))

    refreshed = token_request(
        OAuthFlow(app).http,
        app,
        old,
        how,
        grant_type="refresh_token",
        refresh_token=first["refresh_token"],
    )

    assert refreshed.status_code == 200, refreshed.content
    clock.shift(timedelta(minutes=1))
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
    registered, alice, bob, clock
):
    app, first = registered
    second = rotate(app, alice, overlap=DAY)
    clock.shift(timedelta(hours=2))

    third = rotate(app, alice, overlap=timedelta(hours=1))

    assert refused(exchange(app, bob, first))
    assert exchange(app, bob, second).status_code == 200
    assert exchange(app, bob, third).status_code == 200
    clock.shift(timedelta(hours=1))
    assert refused(exchange(app, bob, second))
    assert exchange(app, bob, third).status_code == 200


def test_rotating_again_with_no_overlap_stops_both_older_secrets(registered, alice, bob, clock):
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


def test_the_previous_secret_is_kept_hashed_like_the_current_one(registered, alice):
    app, old = registered
    stored = app.client_secret

    new = rotate(app, alice)

    app.refresh_from_db()
    assert app.previous_client_secret == stored
    assert app.previous_client_secret.startswith("hmac_sha256$")
    assert app.client_secret.startswith("hmac_sha256$")
    row = Application.objects.filter(pk=app.pk).values().get()
    assert not any(secret in str(row) for secret in (old, new))


def test_an_unhashed_secret_is_hashed_when_it_becomes_the_previous_one(alice, bob, make_app):
    app, old = make_app(alice, hash_client_secret=False)
    assert app.client_secret == old

    new = rotate(app, alice)

    app.refresh_from_db()
    assert app.previous_client_secret.startswith("hmac_sha256$")
    assert old not in app.previous_client_secret
    assert exchange(app, bob, old).status_code == 200
    assert exchange(app, bob, new).status_code == 200


def test_revocation_and_introspection_accept_the_previous_secret(registered, alice, bob, clock):
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
    clock.shift(DAY)
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


def test_the_rotation_event_says_how_long_the_old_secret_works(registered, alice, clock):
    app, _ = registered
    rotate(app, alice, overlap=timedelta(days=7))

    event = AuditEvent.objects.get(action="oauth_app.secret_rotated")

    assert event.actor == alice
    assert event.target_label == "Acme Sync"
    assert event.metadata == {
        "client_id": app.client_id,
        "overlap": "1 week",
        "overlap_seconds": 7 * 24 * 3600,
        "previous_secret_expires_at": "2026-03-09T12:00:00+00:00",
    }


def test_a_rotation_during_an_overlap_says_the_older_secret_stopped(registered, alice, clock):
    app, _ = registered
    rotate(app, alice)
    clock.shift(timedelta(hours=1))

    rotate(app, alice, overlap=timedelta(0))

    latest = AuditEvent.objects.filter(action="oauth_app.secret_rotated").latest("id")
    assert latest.metadata == {
        "client_id": app.client_id,
        "overlap": "none",
        "overlap_seconds": 0,
        "previous_secret_expires_at": "2026-03-02T13:00:00+00:00",
        "older_secret_stopped": True,
    }


def test_stopping_the_previous_secret_early_is_an_event(registered, alice, clock):
    app, _ = registered
    rotate(app, alice)
    clock.shift(timedelta(hours=3))

    application_revoke_previous_secret(application=app, actor=alice)

    event = AuditEvent.objects.get(action="oauth_app.previous_secret_revoked")
    assert event.actor == alice
    assert event.metadata == {
        "client_id": app.client_id,
        "would_have_expired_at": "2026-03-03T12:00:00+00:00",
    }


def test_a_failed_stop_writes_neither_change_nor_event(registered, alice, clock):
    app, _ = registered
    rotate(app, alice)
    clock.shift(DAY)

    with pytest.raises(ValidationError):
        application_revoke_previous_secret(application=app, actor=alice)

    assert not AuditEvent.objects.filter(action="oauth_app.previous_secret_revoked").exists()


def test_an_overlap_longer_than_seven_days_is_refused(registered, alice):
    app, _ = registered

    with pytest.raises(ValidationError):
        rotate(app, alice, overlap=timedelta(days=7, seconds=1))

    app.refresh_from_db()
    assert app.previous_client_secret == ""
    assert not AuditEvent.objects.filter(action="oauth_app.secret_rotated").exists()


def test_the_admin_shows_the_overlap_read_only(registered, alice, staff_client):
    app, _ = registered
    rotate(app, alice)
    app.refresh_from_db()

    page = staff_client.get(f"/admin/oauthapps/application/{app.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f"{app.previous_client_secret_hint}, works until Mar 3, 2026, 12:00 UTC" in html
    assert app.client_secret_hint in html
    assert 'name="previous_client_secret' not in html
    assert app.previous_client_secret not in html


def test_a_secret_staff_set_in_the_admin_gets_its_own_hint(registered, staff_client):
    app, _ = registered
    url = f"/admin/oauthapps/application/{app.pk}/change/"
    data = change_form_data(staff_client.get(url))
    data["client_secret"] = "St4f" + "s" * 60 + "wXyZ"

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app.refresh_from_db()
    assert app.client_secret_hint == "St4f…wXyZ"
    assert app.client_secret.startswith("hmac_sha256$")
