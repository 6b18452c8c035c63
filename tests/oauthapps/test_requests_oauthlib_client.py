"""A real OAuth client library, requests-oauthlib, against the live server: PKCE,
consent, code exchange, an API call, refresh, and the spec's token shape."""

import re
from html.parser import HTMLParser

import pytest
import requests
from django.test import Client
from requests_oauthlib import OAuth2Session

from .conftest import CALLBACK

SPEC_KEYS = {"access_token", "refresh_token", "token_type", "expires_in", "scope"}


class FormFields(HTMLParser):
    """The name/value pairs of a page's <input> elements."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""


def browser_for(user, live_server) -> requests.Session:
    """A browser session signed in as `user`."""
    django_client = Client()
    django_client.force_login(user)
    browser = requests.Session()
    browser.cookies.set("sessionid", django_client.cookies["sessionid"].value)
    browser.headers["Referer"] = live_server.url
    return browser


def consent(browser, authorization_url) -> str:
    """Allow on the consent page; returns where the server sends the browser back."""
    page = browser.get(authorization_url)
    assert page.status_code == 200
    assert "wants access to your Coherence account" in page.text
    form = FormFields()
    form.feed(page.text)
    answer = browser.post(
        authorization_url, data={**form.fields, "allow": "on"}, allow_redirects=False
    )
    assert answer.status_code == 302
    return answer.headers["Location"]


@pytest.fixture
def raw_token_responses(monkeypatch):
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # the live server speaks http
    return []


def test_requests_oauthlib_runs_the_whole_flow(
    transactional_db, live_server, make_app, developer, alice, raw_token_responses
):
    app, secret = make_app(developer)
    session = OAuth2Session(
        app.client_id, redirect_uri=CALLBACK, scope=["read", "write"], pkce="S256"
    )
    for hook in ("access_token_response", "refresh_token_response"):
        session.register_compliance_hook(hook, lambda r: raw_token_responses.append(r.json()) or r)

    authorization_url, _state = session.authorization_url(f"{live_server.url}/oauth/authorize")
    assert "code_challenge_method=S256" in authorization_url
    callback = consent(browser_for(alice, live_server), authorization_url)
    assert callback.startswith(CALLBACK) and re.search(r"[?&]code=", callback)

    token = session.fetch_token(
        f"{live_server.url}/oauth/token", authorization_response=callback, client_secret=secret
    )
    me = session.get(f"{live_server.url}/v1/users/me")
    refreshed = session.refresh_token(
        f"{live_server.url}/oauth/token", client_id=app.client_id, client_secret=secret
    )
    me_again = session.get(f"{live_server.url}/v1/users/me")

    assert me.status_code == 200
    assert me.json()["data"]["email"] == "alice@example.com"
    assert refreshed["access_token"] != token["access_token"]
    assert me_again.status_code == 200
    for body in raw_token_responses:
        assert set(body) == SPEC_KEYS
        assert body["access_token"].startswith("at_")
        assert body["refresh_token"].startswith("rt_")
        assert (body["token_type"], body["expires_in"], body["scope"]) == (
            "Bearer",
            3600,
            "read write",
        )
    assert len(raw_token_responses) == 2
