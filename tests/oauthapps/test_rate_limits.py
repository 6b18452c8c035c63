"""Rate limits where OAuth apps meet them: the API, /oauth/token (per client),
/oauth/authorize (per signed-in user)."""

import base64

import time_machine
from django.test import Client

from tests.oauthapps.conftest import bearer


def test_an_app_keeps_its_rate_limit_window_across_refreshes(flow, alice, settings):
    settings.RATE_LIMIT_LIVE = 2
    api = Client()

    with time_machine.travel("2026-08-01 10:00:05Z", tick=False):
        first = flow.tokens_for(alice)
        assert api.get("/v1/users/me", **bearer(first["access_token"])).status_code == 200
        second = flow.refresh(first["refresh_token"]).json()
        assert api.get("/v1/users/me", **bearer(second["access_token"])).status_code == 200
        refused = api.get("/v1/users/me", **bearer(second["access_token"]))

    assert refused.status_code == 429
    assert refused.headers["X-RateLimit-Limit"] == "2"
    assert refused.json()["error"]["code"] == "rate_limited"


NOW = "2026-08-01 10:00:05Z"


def post_token(flow, **extra):
    data = {"grant_type": "refresh_token", "refresh_token": "rt_unknown", **extra}
    return flow.http.post("/oauth/token", {"client_id": flow.app.client_id, **data})


def test_the_token_endpoint_refuses_a_client_past_its_limit_with_429(flow, settings):
    settings.OAUTH_TOKEN_RATE_LIMIT = 2

    with time_machine.travel(NOW, tick=False):
        answered = [post_token(flow, client_secret=flow.secret) for _ in range(3)]

    refused = answered[-1]
    assert [r.status_code for r in answered] == [400, 400, 429]
    assert refused["Content-Type"] == "application/json"
    assert refused["Cache-Control"] == "no-store"
    assert refused.json()["error"] == "temporarily_unavailable"
    assert set(refused.json()) == {"error", "error_description"}
    assert refused["Retry-After"] == "55"


def test_wrong_secrets_count_against_the_client_too(flow, settings):
    settings.OAUTH_TOKEN_RATE_LIMIT = 2

    with time_machine.travel(NOW, tick=False):
        post_token(flow, client_secret="wrong")
        post_token(flow, client_secret="wrong")
        refused = post_token(flow, client_secret=flow.secret)

    assert refused.status_code == 429


def test_a_client_named_in_http_basic_has_the_same_bucket(flow, settings):
    settings.OAUTH_TOKEN_RATE_LIMIT = 1
    credentials = base64.b64encode(f"{flow.app.client_id}:{flow.secret}".encode()).decode()

    with time_machine.travel(NOW, tick=False):
        post_token(flow, client_secret=flow.secret)
        refused = flow.http.post(
            "/oauth/token",
            {"grant_type": "refresh_token", "refresh_token": "rt_unknown"},
            HTTP_AUTHORIZATION=f"Basic {credentials}",
        )

    assert refused.status_code == 429


def test_one_clients_limit_leaves_other_clients_alone(
    flow, make_app, make_flow, developer, settings
):
    settings.OAUTH_TOKEN_RATE_LIMIT = 1
    other = make_flow(*make_app(developer, name="Other"))

    with time_machine.travel(NOW, tick=False):
        post_token(flow, client_secret=flow.secret)
        assert post_token(flow, client_secret=flow.secret).status_code == 429
        answered = post_token(other, client_secret=other.secret)

    assert answered.status_code == 400


def test_the_token_limit_resets_with_the_next_minute(flow, settings):
    settings.OAUTH_TOKEN_RATE_LIMIT = 1

    with time_machine.travel(NOW, tick=False):
        post_token(flow, client_secret=flow.secret)
    with time_machine.travel("2026-08-01 10:01:01Z", tick=False):
        answered = post_token(flow, client_secret=flow.secret)

    assert answered.status_code == 400


def test_authorize_past_the_users_limit_is_a_429_page_not_a_redirect(flow, alice, settings):
    settings.OAUTH_AUTHORIZE_RATE_LIMIT = 2

    with time_machine.travel(NOW, tick=False):
        flow.consent_page(alice)
        flow.consent_page(alice)
        refused = flow.consent_page(alice)

    assert refused.status_code == 429
    assert not refused.has_header("Location")
    assert refused["Retry-After"] == "55"
    assert "Too many authorization requests" in refused.content.decode()


def test_the_authorize_limit_is_per_user(flow, alice, bob, settings):
    settings.OAUTH_AUTHORIZE_RATE_LIMIT = 1

    with time_machine.travel(NOW, tick=False):
        flow.consent_page(alice)
        assert flow.consent_page(alice).status_code == 429
        page = flow.consent_page(bob)

    assert page.status_code == 200
