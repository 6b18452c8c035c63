"""Fixtures for the OAuth server: apps, and a client that walks the authorization flow."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.test import Client
from oauth2_provider.generators import generate_client_secret

from oauthapps.models import Application
from oauthapps.services.applications import application_create
from tests.support import use_workspace

CALLBACK = "https://app.example.com/callback"


def pkce_pair() -> tuple[str, str]:
    """(verifier, S256 challenge)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def query_of(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def make_app(db):
    """make_app(owner, client_type=..., redirect_uris=..., first_party=...) -> (app, secret)."""

    def make(
        owner,
        *,
        name="Zapier",
        client_type=Application.CLIENT_CONFIDENTIAL,
        redirect_uris=CALLBACK,
        first_party=False,
        **extra,
    ):
        secret = generate_client_secret()
        app = Application.objects.create(
            user=owner,
            name=name,
            client_type=client_type,
            redirect_uris=redirect_uris,
            client_secret=secret,
            first_party=first_party,
            **extra,
        )
        return app, secret

    return make


@pytest.fixture
def app(alice):
    """Alice's confidential app, registered as the developer pages register one."""
    app, _secret = application_create(
        user=alice,
        name="Acme Sync",
        redirect_uris="https://acme.example/cb",
        client_type="confidential",
    )
    return app


@pytest.fixture
def registered(alice, frozen):
    """Alice's confidential app and its first secret, made at the test module's NOW:
    the secret rotation tests move the clock from there."""
    return application_create(
        user=alice, name="Acme Sync", redirect_uris=CALLBACK, client_type="confidential"
    )


@pytest.fixture
def bob_client(client, bob):
    """The test's client, signed in as Bob, working in Alice's workspace (his first)."""
    client.force_login(bob)
    use_workspace(client, bob.workspaces.order_by("id").first())
    return client


@pytest.fixture
def developer(db):
    from accounts.services import user_signup

    return user_signup(email="dev@example.org", password="dev password 123", name="Dana Developer")


@pytest.fixture
def app_and_secret(make_app, developer):
    return make_app(developer)


class OAuthFlow:
    """Walks /oauth/authorize and /oauth/token the way an app and a browser would."""

    def __init__(self, app, secret=None):
        self.app, self.secret = app, secret
        self.browser = Client()
        self.http = Client()

    def authorize_url(self, **params) -> str:
        query = {
            "client_id": self.app.client_id,
            "redirect_uri": self.app.redirect_uris.split()[0],
            "response_type": "code",
            "scope": "read write",
            "state": "st4te",
            **params,
        }
        return "/oauth/authorize?" + urlencode({k: v for k, v in query.items() if v is not None})

    def consent_page(self, user, **params):
        self.browser.force_login(user)
        return self.browser.get(self.authorize_url(**params))

    def answer(self, page, *, allow=True, **overrides):
        """Submit the consent form as rendered on `page`; returns the response."""
        form = page.context["form"]
        data = {name: form[name].value() for name in form.fields if name != "allow"}
        data = {k: v for k, v in data.items() if v is not None}
        data.update(overrides)
        if allow:
            data["allow"] = "on"
        return self.browser.post(
            page.request["PATH_INFO"] + "?" + page.request["QUERY_STRING"], data
        )

    def code_for(self, user, *, workspace=None, **params) -> str:
        """Consent (allowing, in `workspace` if given) and return the authorization code."""
        page = self.consent_page(user, **params)
        chosen = {"workspace": workspace.pk} if workspace is not None else {}
        response = page if page.status_code == 302 else self.answer(page, **chosen)
        assert response.status_code == 302, response
        return query_of(response["Location"])["code"]

    def token(self, **data):
        return self.http.post("/oauth/token", data)

    def exchange(self, code, *, verifier=None, redirect_uri=None, with_secret=True, **extra):
        data = {
            "grant_type": "authorization_code",
            "client_id": self.app.client_id,
            "code": code,
            "redirect_uri": redirect_uri or self.app.redirect_uris.split()[0],
            **extra,
        }
        if with_secret and self.secret:
            data.setdefault("client_secret", self.secret)
        if verifier:
            data["code_verifier"] = verifier
        return self.token(**data)

    def refresh(self, refresh_token, **extra):
        data = {
            "grant_type": "refresh_token",
            "client_id": self.app.client_id,
            "refresh_token": refresh_token,
            **extra,
        }
        if self.secret:
            data["client_secret"] = self.secret
        return self.token(**data)

    def revoke(self, token):
        """POST /oauth/revoke for `token`, the app authenticating with its secret."""
        return self.http.post(
            "/oauth/revoke",
            {"token": token, "client_id": self.app.client_id, "client_secret": self.secret},
        )

    def tokens_for(self, user, *, workspace=None, **params) -> dict:
        """The whole flow: consent, then exchange; returns the token response body."""
        response = self.exchange(self.code_for(user, workspace=workspace, **params))
        assert response.status_code == 200, response.content
        return response.json()


@pytest.fixture
def flow(app_and_secret):
    app, secret = app_and_secret
    return OAuthFlow(app, secret)


@pytest.fixture
def make_flow():
    return OAuthFlow


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
