from django.conf import settings

from accounts.client_ip import client_ip
from api import ratelimit
from api.exceptions import error_response


def is_api_path(path: str) -> bool:
    return path == "/v1" or path.startswith("/v1/")


class ApiTrailingSlashMiddleware:
    """`/v1/users/me/` is `/v1/users/me`: API routes are declared once, without a slash.

    Clients add or drop a trailing slash at will; redirecting them would turn a
    POST into a GET, so the path is normalised before URL resolution instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/v1/") and path.endswith("/") and len(path) > 4:
            request.path_info = path.rstrip("/")
        return self.get_response(request)


class RateLimitHeadersMiddleware:
    """X-RateLimit-* on every /v1 response, and a cap on failed authentication.

    Authenticated requests are counted per credential by
    api.ratelimit.CredentialRateThrottle. A request that never got that far
    (bad or missing credentials, an address or permission refusal, an unknown
    path) reports its credential's window if the credential is known, and
    otherwise counts as an authentication failure of its client address: past
    AUTH_FAILURES_PER_MINUTE of those, the address gets 429 until the window
    ends, which makes guessing keys slow.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_path(request.path_info):
            return self.get_response(request)
        failures = ratelimit.peek(_failure_identity(request), settings.AUTH_FAILURES_PER_MINUTE)
        if not failures.allowed or failures.remaining == 0:
            response = error_response(
                429, "rate_limited", "Too many failed authentication attempts; retry later."
            )
            response["Retry-After"] = str(failures.retry_after())
            request.rate_limit = failures
        else:
            response = self.get_response(request)
        state = getattr(request, "rate_limit", None) or self._state_after(request, response)
        for name, value in state.headers().items():
            response[name] = value
        return response

    def _state_after(self, request, response):
        principal = getattr(request, "auth", None) or getattr(request, "attempted_principal", None)
        if principal is not None:
            return ratelimit.peek(principal.rate_key, ratelimit.limit_for(principal))
        identity = _failure_identity(request)
        if response.status_code == 401:
            state = ratelimit.hit(identity, settings.AUTH_FAILURES_PER_MINUTE)
            request.auth_failure_count = state.count
            return state
        return ratelimit.peek(identity, settings.AUTH_FAILURES_PER_MINUTE)


def _failure_identity(request) -> str:
    return f"authfail:{client_ip(request)}"
