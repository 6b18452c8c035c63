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
