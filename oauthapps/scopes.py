"""Which scopes an app may be granted.

Every scope in OAUTH2_PROVIDER["SCOPES"] exists, but `admin` and
`introspection` are for first-party apps only: a third-party app asking for
them is refused at the authorization endpoint, and a token that somehow holds
them (say the app lost its first-party mark) grants nothing through them.
OpenID Connect's `openid`, `profile` and `email` are every app's: they say
who the user is (an ID token, /oauth/userinfo) and grant nothing on /v1.
"""

from oauth2_provider.scopes import SettingsScopes
from oauth2_provider.settings import oauth2_settings

FIRST_PARTY_SCOPES = frozenset({"admin", "introspection"})
IDENTITY_SCOPES = frozenset({"openid", "profile", "email"})


def allowed_for(application, scopes) -> list[str]:
    """`scopes`, less those the application may not hold."""
    if application is not None and application.first_party:
        return list(scopes)
    return [scope for scope in scopes if scope not in FIRST_PARTY_SCOPES]


class ApplicationScopes(SettingsScopes):
    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        if application is None:  # the server metadata: everything that exists
            return list(oauth2_settings._SCOPES)
        return allowed_for(application, oauth2_settings._SCOPES)


def ordered(scopes) -> list[str]:
    """Scopes in the order SCOPES lists them (unknown ones last, sorted)."""
    known = list(oauth2_settings.SCOPES)
    chosen = set(scopes)
    return [s for s in known if s in chosen] + sorted(chosen - set(known))


def describe(scopes) -> list[tuple[str, str]]:
    """(scope, plain-language description) pairs, in SCOPES order."""
    return [(s, oauth2_settings.SCOPES.get(s, s)) for s in ordered(scopes)]


def described_for(application) -> list[tuple[str, str]]:
    """What `application` may ask for, in plain words (its developer's page lists it)."""
    return describe(allowed_for(application, oauth2_settings._SCOPES))
