"""Steps the account-security tests share: signing in through the form, the
second factor computed from the secret, and re-authenticating."""

import re

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.support import PASSWORD

LOGIN = "/accounts/login/"


def sign_in(client, email, password=PASSWORD, ip="198.51.100.7"):
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=ip)


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now (allauth's own arithmetic)."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def reauthenticate(client, password=PASSWORD, next_url=None):
    data = {"password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/accounts/reauthenticate/", data)


def enable_totp(client) -> str:
    """Turn on TOTP for the signed-in client's user; the secret."""
    reauthenticate(client)
    page = client.get("/accounts/2fa/totp/activate/")
    secret = page.context["form"].secret
    done = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert done.status_code == 302, done.content
    return secret


def link_in(body: str, path: str) -> str:
    return re.search(rf"https?://[^/\s]+({re.escape(path)}\S*)", body).group(1)
