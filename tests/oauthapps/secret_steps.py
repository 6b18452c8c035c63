"""Steps of rotating an app's client secret, through the service and the developer pages,
and of using a secret at the token endpoint, for the secret rotation tests."""

import base64
import re
from datetime import timedelta
from urllib.parse import quote_plus

from oauthapps.services.secrets import application_rotate_secret
from tests.oauthapps.conftest import CALLBACK, OAuthFlow

DAY = timedelta(hours=24)


def rotate(app, actor, overlap=DAY) -> str:
    """Rotate through the service; the new secret."""
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


def rotate_url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/rotate/"


def detail_url(app) -> str:
    return f"/settings/developer/apps/{app.pk}/"


def secret_on(page) -> str:
    return re.search(r'id="client-secret"[^>]*>([^<]+)</textarea>', page.content.decode())[1]


def rotate_on_the_page(client, app, overlap="none") -> str:
    """Rotate through the form; the new secret as the one-time page shows it."""
    response = client.post(rotate_url(app), {"overlap": overlap})
    assert response.status_code == 302, response.content
    return secret_on(client.get(response.url))


def text_of(page) -> str:
    """The page's text as read: no tags, single spaces, none inside brackets or before a comma."""
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.)])", r"\1", text))
