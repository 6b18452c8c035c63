"""Which scopes an app may be granted.

Every scope in OAUTH2_PROVIDER["SCOPES"] exists, but `admin` and
`introspection` are for first-party apps only: a third-party app asking for
them is refused at the authorization endpoint, and a token that somehow holds
them (say the app lost its first-party mark) grants nothing through them.
OpenID Connect's `openid`, `profile` and `email` are every app's: they say
who the user is (an ID token, /oauth/userinfo) and grant nothing on /v1.
"""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from oauth2_provider.scopes import SettingsScopes
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import Request

if TYPE_CHECKING:
    # Types only: DOT loads this backend from the settings, before the models are ready.
    from oauthapps.models import Application

FIRST_PARTY_SCOPES = frozenset({"admin", "introspection"})
IDENTITY_SCOPES = frozenset({"openid", "profile", "email"})


def allowed_for(application: "Application | None", scopes: Iterable[str]) -> list[str]:
    """`scopes`, less those the application may not hold."""
    if application is not None and application.first_party:
        return list(scopes)
    return [scope for scope in scopes if scope not in FIRST_PARTY_SCOPES]


class ApplicationScopes(SettingsScopes):
    def get_available_scopes(
        self,
        application: "Application | None" = None,
        request: Request | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> list[str]:
        if application is None:  # the server metadata: everything that exists
            return list(oauth2_settings._SCOPES)
        return allowed_for(application, oauth2_settings._SCOPES)


def ordered(scopes: Iterable[str]) -> list[str]:
    """Scopes in the order SCOPES lists them (unknown ones last, sorted)."""
    known = list(oauth2_settings.SCOPES)
    chosen = set(scopes)
    return [s for s in known if s in chosen] + sorted(chosen - set(known))


def describe(scopes: Iterable[str]) -> list[tuple[str, str]]:
    """(scope, plain-language description) pairs, in SCOPES order."""
    return [(s, oauth2_settings.SCOPES.get(s, s)) for s in ordered(scopes)]


def described_for(application: "Application | None") -> list[tuple[str, str]]:
    """What `application` may ask for, in plain words (its developer's page lists it)."""
    return describe(allowed_for(application, oauth2_settings._SCOPES))
