"""No full secret in any log line, at DEBUG, for every flow that makes or uses one.

Keys, tokens, codes and client secrets are shown once (the reveal page, the
token response, the redirect that carries a code); every log record, the
database and every other response must never hold them.
"""

import logging

import pytest
from django.test import Client

from api.redaction import RedactSecrets, redact
from oauthapps.models import Application
from tests.config.conftest import KEY_FORM, client_secret_on, database_dump, raw_key_on
from tests.oauthapps.conftest import OAuthFlow, bearer

SAMPLE_KEY = "ck_live_0Tq7Xk2mB9vR4sL8nW1yC6hJ3pF5dG0aAb12Cd"
SAMPLE_TOKEN = "at_" + "Q" * 43


@pytest.mark.parametrize(
    "line",
    [
        f"Bearer {SAMPLE_KEY}",
        f"Validating access token {SAMPLE_TOKEN} for client",
        "Invalid refresh token, rt_" + "z9" * 21 + ", for client",
        "POST /oauth/token code=Hm3kQ9xZ2vB7&client_secret=s3cr3tValue&grant_type=x",
        "{'refresh_token': 'opaque-value', 'password': 'hunter2'}",
        '{"client_secret": "opaque-value"}',
        "HTTP_AUTHORIZATION: Basic Y2xpZW50OnNlY3JldA==",
        "GET /oauth/logout?id_token_hint=opaque-value&post_logout_redirect_uri=x",
    ],
)
def test_it_redacts_every_kind_of_secret(line):
    clean = redact(line)

    assert "[REDACTED]" in clean
    for secret in (SAMPLE_KEY[8:], SAMPLE_TOKEN[3:], "z9" * 21, "Hm3kQ9xZ2vB7", "s3cr3tValue"):
        assert secret not in clean
    for secret in ("opaque-value", "hunter2", "Y2xpZW50OnNlY3JldA=="):
        assert secret not in clean


def test_it_keeps_hints_and_prose_readable():
    line = "Key ck_live_AbC1…wxYz used; Basic authentication failed; token_type=Bearer"

    assert redact(line) == line


def test_redacting_twice_changes_nothing():
    once = redact(f"code=abcdef123456 {SAMPLE_KEY} Authorization: Bearer {SAMPLE_TOKEN}")

    assert redact(once) == once


def test_a_child_logger_of_oauthlib_is_redacted_before_any_handler_sees_it(caplog):
    caplog.set_level(logging.DEBUG)

    logging.getLogger("oauthlib.oauth2.rfc6749.grant_types.refresh_token").debug(
        "Validating refresh token %s for client %r.", SAMPLE_TOKEN, "abc"
    )

    assert SAMPLE_TOKEN[3:] not in caplog.text
    assert "at_[REDACTED]" in caplog.text


def test_an_exceptions_text_is_redacted(caplog):
    caplog.set_level(logging.DEBUG)

    try:
        raise ValueError(f"bad key {SAMPLE_KEY}")
    except ValueError:
        logging.getLogger("django.request").exception("Internal Server Error")

    assert SAMPLE_KEY not in caplog.text
    assert "ValueError: bad key ck_live_[REDACTED]" in caplog.text


def test_the_console_handler_names_the_filter():
    handlers = logging.getLogger().handlers

    assert any(isinstance(f, RedactSecrets) for h in handlers for f in h.filters)


class Recorder:
    """Every response any test client gets, headers and body, in order."""

    def __init__(self, monkeypatch):
        self.seen: list[str] = []
        original = Client.request

        def request(client, **kwargs):
            response = original(client, **kwargs)
            self.seen.append(response.serialize().decode(errors="replace"))
            return response

        monkeypatch.setattr(Client, "request", request)

    def showing(self, secret: str) -> int:
        return sum(secret in response for response in self.seen)


def use_a_new_api_key(browser) -> str:
    raw = raw_key_on(browser.get(browser.post("/settings/api/keys/new/", KEY_FORM).url))
    api = Client(**bearer(raw))
    assert api.get("/v1/users/me").status_code == 200
    assert api.get("/v1/api-keys").status_code in (200, 403)
    return raw


def register_and_rotate_an_app(browser) -> tuple[Application, str, str]:
    form = {
        "name": "Acme",
        "redirect_uris": "https://acme.example/cb",
        "client_type": "confidential",
    }
    first = client_secret_on(browser.get(browser.post("/settings/developer/apps/new/", form).url))
    app = Application.objects.get(name="Acme")
    rotated = browser.post(f"/settings/developer/apps/{app.pk}/rotate/")
    return app, first, client_secret_on(browser.get(rotated.url))


def walk_the_oauth_flow(app, secret, user) -> list[str]:
    flow = OAuthFlow(app, secret)
    code = flow.code_for(user)
    tokens = flow.exchange(code).json()
    refreshed = flow.refresh(tokens["refresh_token"]).json()
    assert Client(**bearer(refreshed["access_token"])).get("/v1/users/me").status_code == 200
    credentials = {"client_id": app.client_id, "client_secret": secret}
    introspected = flow.http.post(
        "/oauth/introspect", {"token": refreshed["access_token"], **credentials}
    )
    assert introspected.json()["active"] is True
    revoked = flow.http.post("/oauth/revoke", {"token": refreshed["refresh_token"], **credentials})
    assert revoked.status_code == 200
    return [code, tokens["access_token"], tokens["refresh_token"], *refreshed_pair(refreshed)]


def refreshed_pair(body) -> list[str]:
    return [body["access_token"], body["refresh_token"]]


def test_every_flow_at_debug_leaves_no_secret_in_logs_database_or_later_responses(
    caplog, monkeypatch, alice
):
    caplog.set_level(logging.DEBUG)
    responses = Recorder(monkeypatch)
    browser = Client()
    browser.force_login(alice)

    raw_key = use_a_new_api_key(browser)
    app, first_secret, rotated_secret = register_and_rotate_an_app(browser)
    code, *tokens = walk_the_oauth_flow(app, rotated_secret, alice)

    secrets = [raw_key, first_secret, rotated_secret, code, *tokens]
    logged = caplog.text + "".join(r.getMessage() + (r.exc_text or "") for r in caplog.records)
    dump = database_dump()
    assert len(caplog.records) > 20  # DEBUG was on: oauthlib's lines are there
    assert [s for s in secrets if s in logged] == []
    # Authorization codes are kept (plaintext, as django-oauth-toolkit stores
    # them) after their single use, to spot a replay; a used code buys nothing.
    assert [s for s in secrets if s != code and s in dump] == []
    assert [responses.showing(s) for s in secrets] == [1] * len(secrets)
