"""Which redirect URIs an app may register (RFC 9700 section 2.1, RFC 8252 section 7.3).

The authorization server sends codes only to URIs registered here and matches
them exactly, so the rules are strict: absolute https URIs, no fragment, no
wildcard, no credentials. Plain http is allowed only on a loopback address,
where a native app listens on the device itself and nothing crosses a network.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
MAX_URIS = 20
MAX_LENGTH = 2000


def validate_redirect_uris(text: str) -> list[str]:
    """The URIs in `text` (one per line or space-separated), each checked.

    Raises one ValidationError holding one message per bad URI; returns the
    URIs in the order given, without duplicates.
    """
    uris = list(dict.fromkeys((text or "").split()))
    if not uris:
        raise ValidationError("Add at least one redirect URI.", code="required")
    errors = [
        ValidationError("%(uri)s: %(problem)s", code="invalid", params={"uri": uri, "problem": p})
        for uri in uris
        if (p := redirect_uri_problem(uri))
    ]
    if errors:
        raise ValidationError(errors)
    if len(uris) > MAX_URIS:
        raise ValidationError(f"Register at most {MAX_URIS} redirect URIs.", code="max_count")
    return uris


def redirect_uri_problem(uri: str) -> str | None:
    """What is wrong with one URI, in words for the person who typed it; None if nothing."""
    if len(uri) > MAX_LENGTH:
        return f"is longer than {MAX_LENGTH} characters."
    if "*" in uri:
        return "must not contain wildcards (*): register each URI exactly as the app uses it."
    if "#" in uri:
        return "must not contain a fragment (#...)."
    try:
        parts = urlsplit(uri)
        parts.port  # noqa: B018 (parsing the port is what raises on a bad one)
    except ValueError:
        return "is not a valid URI."
    if not parts.scheme or not parts.netloc:
        return "must be an absolute URI, such as https://example.com/callback."
    if "@" in parts.netloc:
        return "must not contain a user name or password."
    if not parts.hostname:
        return "is not a valid URI."
    if parts.scheme == "https":
        return None
    if parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS:
        return None
    if parts.scheme == "http":
        return (
            "must use https; plain http is allowed only for loopback addresses "
            "(127.0.0.1, [::1] or localhost)."
        )
    return "must use https (or http on a loopback address for native apps)."
