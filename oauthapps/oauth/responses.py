"""What /oauth/token and /oauth/revoke send back, whatever path oauthlib took.

oauthlib adds its JSON and no-store headers to the errors it returns, but not
to those raised from the validator (a lost refresh race, a reused code), and it
challenges a failed client authentication with `Bearer`, a scheme for access
tokens. Clients authenticate here with HTTP Basic (or the body), so the
challenge is `Basic` (RFC 6749 section 5.2).
"""

import json
from collections.abc import Mapping

from django.http import HttpResponse

from api.ratelimit import RateLimitState

BASIC_CHALLENGE = 'Basic realm="oauth", charset="UTF-8"'


def endpoint_response(headers: Mapping[str, str], body: str, status: int) -> HttpResponse:
    response = HttpResponse(content=body or "", status=status)
    for name, value in headers.items():
        if name.lower() != "www-authenticate":
            response[name] = value
    if body:
        response["Content-Type"] = "application/json"
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    if status == 401:
        response["WWW-Authenticate"] = BASIC_CHALLENGE
    return response


def rate_limited_response(state: RateLimitState) -> HttpResponse:
    """429 in RFC 6749's error shape.

    `temporarily_unavailable` is RFC 6749's own code for a server too busy to
    answer now (section 4.1.2.1), which OAuth libraries know; `slow_down` is
    RFC 8628's instruction to a polling device to widen its interval, which
    means something else to a client that speaks the device flow.
    """
    wait = state.retry_after()
    body = {
        "error": "temporarily_unavailable",
        "error_description": f"Too many token requests for this client; retry in {wait} s.",
    }
    response = endpoint_response({}, json.dumps(body), 429)
    response["Retry-After"] = str(wait)
    for name, value in state.headers().items():
        response[name] = value
    return response
