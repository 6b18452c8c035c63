"""RFC 9207: every authorization response names the server that sent it.

DOT adds `iss` to the success redirect only; a client defending against
mix-up attacks must see it on errors too (RFC 9207 section 2), so the consent
view adds it to every redirect back to the client, whatever it carries.
"""

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest
from oauth2_provider.settings import oauth2_settings


def with_issuer(uri: str, request: HttpRequest) -> str:
    """`uri` with exactly one `iss`: this server's issuer, as the metadata publishes it."""
    issuer: str = oauth2_settings.oauth2_authorization_server_issuer(request)
    parts = urlsplit(uri)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "iss"]
    query.append(("iss", issuer))
    return urlunsplit(parts._replace(query=urlencode(query)))
