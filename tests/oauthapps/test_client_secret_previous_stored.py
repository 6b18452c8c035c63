"""The previous secret is stored as the current one is, hashed, and the admin shows only
its hint and until when it works."""

from datetime import UTC, datetime

import pytest

from oauthapps.models import Application
from tests.oauthapps.secret_steps import (
    exchange,
    rotate,
)
from tests.oauthapps.test_admin_apps import change_form_data

# `frozen` stops the clock here; `registered` makes Alice's app at this moment.
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
pytestmark = pytest.mark.usefixtures("frozen")


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


def test_the_admin_shows_the_overlap_read_only(registered, alice, staff):
    app, _ = registered
    rotate(app, alice)
    app.refresh_from_db()

    page = staff.get(f"/admin/oauthapps/application/{app.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert f"{app.previous_client_secret_hint}, works until Mar 3, 2026, 12:00 UTC" in html
    assert app.client_secret_hint in html
    assert 'name="previous_client_secret' not in html
    assert app.previous_client_secret not in html


def test_a_secret_staff_set_in_the_admin_gets_its_own_hint(registered, staff):
    app, _ = registered
    url = f"/admin/oauthapps/application/{app.pk}/change/"
    data = change_form_data(staff.get(url))
    data["client_secret"] = "St4f" + "s" * 60 + "wXyZ"

    response = staff.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    app.refresh_from_db()
    assert app.client_secret_hint == "St4f…wXyZ"
    assert app.client_secret.startswith("hmac_sha256$")
