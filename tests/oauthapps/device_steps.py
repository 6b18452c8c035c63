"""Steps of the device flow (RFC 8628) as a device and a person take them, for its tests."""

import base64
from urllib.parse import urlencode

from django.test import Client

from oauthapps.models import Application

DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
PAGE = "/oauth/device"
FORM = "application/x-www-form-urlencoded"


def basic(client_id: str, secret: str) -> dict:
    credentials = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {credentials}"}


class DeviceFlow:
    """A device (`http`) asking for codes and polling, and a person's browser (`browser`)."""

    def __init__(self, app, secret=None):
        self.app, self.secret = app, secret
        self.http = Client()
        self.browser = Client()

    def _client(self, data: dict, with_secret: bool) -> dict:
        data = {"client_id": self.app.client_id, **data}
        if with_secret and self.secret and self.app.client_type == Application.CLIENT_CONFIDENTIAL:
            data.setdefault("client_secret", self.secret)
        return {k: v for k, v in data.items() if v is not None}

    def post(self, path: str, data: dict, **extra):
        """A form POST, as OAuth clients send them (RFC 6749 appendix B)."""
        return self.http.post(path, urlencode(data), content_type=FORM, **extra)

    def start(self, *, scope="read write", with_secret=True, path=None, **data):
        """POST /oauth/device_authorization; the response."""
        body = self._client({"scope": scope, **data}, with_secret)
        return self.post(path or "/oauth/device_authorization", body)

    def codes(self, **options) -> dict:
        response = self.start(**options)
        assert response.status_code == 200, response.content
        return response.json()

    def poll(self, device_code: str, *, with_secret=True, **data):
        """The device asks /oauth/token whether it may have its tokens yet."""
        body = {"grant_type": DEVICE_CODE_GRANT, "device_code": device_code, **data}
        return self.post("/oauth/token", self._client(body, with_secret))

    def enter(self, user, user_code: str, **extra):
        """`user`, signed in, types `user_code` at /oauth/device; the page they get."""
        self.browser.force_login(user)
        return self.browser.post(PAGE, {"user_code": user_code}, **extra)

    def answer(self, page, *, allow=True, **overrides):
        """Click Allow (or Deny) on the consent page `page`; the response."""
        form = page.context["form"]
        data = {name: form[name].value() for name in form.fields if name != "allow"}
        data = {k: v for k, v in data.items() if v is not None}
        data.update(overrides)
        data["allow" if allow else "deny"] = "on"
        return self.browser.post(PAGE, data)

    def approve(self, user, user_code: str, *, workspace=None):
        page = self.enter(user, user_code)
        assert "form" in page.context and "workspace" in page.context["form"].fields, page
        chosen = {"workspace": workspace.pk} if workspace is not None else {}
        return self.answer(page, **chosen)

    def deny(self, user, user_code: str):
        return self.answer(self.enter(user, user_code), allow=False)

    def tokens_for(self, user, *, workspace=None, **options) -> dict:
        """The whole flow: codes, the person allows, one poll; the token response."""
        codes = self.codes(**options)
        self.approve(user, codes["user_code"], workspace=workspace)
        response = self.poll(codes["device_code"])
        assert response.status_code == 200, response.content
        return response.json()


def device_app(make_app, owner, **options):
    """An app with the device flow on: public (a CLI) unless `client_type` says otherwise."""
    options.setdefault("client_type", Application.CLIENT_PUBLIC)
    return make_app(owner, name="Coherence CLI", device_flow_enabled=True, **options)
