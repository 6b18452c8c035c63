"""The one account of a /v1 request: who it is, what it was charged, and how long it took.

RequestAccountMiddleware, outermost in MIDDLEWARE, creates it as
`request.account` before anything else reads the request. Authentication
fills in the credential (`attempted` as soon as one is identified, even if it
is refused next; `principal` once it is accepted) and charges the request to
it; the rate-limit headers and the request log read it. Nothing about a
request travels on private request attributes.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from rest_framework.exceptions import Throttled

from accounts.client_ip import compute_client_ip
from accounts.ids import public_id
from api.paths import is_api_path
from api.principal import Principal
from api.ratelimit import (
    NOT_CHARGED,
    GuardedHit,
    RateLimitState,
    hit,
    hit_if_current,
    limit_for,
)


@dataclass(eq=False)
class RequestAccount:
    request_id: str
    client_ip: str | None
    started: float  # time.perf_counter() when the request came in
    # The credential the request presented and that was identified, accepted or not.
    attempted: Principal | None = None
    # The same principal once authentication accepted it (address allowed, not expired).
    principal: Principal | None = None
    # The window the request was counted in; None until it is charged.
    charge: RateLimitState | None = None
    # True when the charge went to the client address (no identified credential).
    charged_to_address: bool = False

    @classmethod
    def begin(cls, request: HttpRequest) -> "RequestAccount":
        return cls(
            request_id=public_id("req", 24),
            client_ip=compute_client_ip(request),
            started=time.perf_counter(),
        )

    @property
    def credential(self) -> Principal | None:
        """Whom the request is attributed to in the log: accepted or merely presented."""
        return self.principal or self.attempted

    def elapsed_ms(self) -> int:
        return round((time.perf_counter() - self.started) * 1000)


def account_of(request: HttpRequest) -> RequestAccount | None:
    """The request's account; None outside /v1 (e.g. DRF's schema view)."""
    return getattr(request, "account", None)


class RequestAccountMiddleware:
    """First in MIDDLEWARE: every /v1 request gets its account before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_api_path(request.path_info):
            # HttpRequest declares no `account`; account_of reads it back, typed.
            request.account = RequestAccount.begin(request)  # type: ignore[attr-defined]
        return self.get_response(request)


def address_identity(ip: str | None) -> str:
    """The bucket of requests that identified no credential: their client address's."""
    return f"addr:{ip or 'unknown'}"


def charge(request: HttpRequest, principal: Principal | None) -> RateLimitState | None:
    """Count the request, once: to `principal`'s bucket, or else to its address's.

    Idempotent: the first call decides, later ones return that charge. A
    request that identified a credential is never counted against its
    address, so a valid key is never refused for its neighbours' bad guesses.
    """
    account = account_of(request)
    if account is None:
        return None
    if account.charge is None:
        if principal is not None:
            account.attempted = account.attempted or principal
            limit = limit_for(livemode=principal.livemode, override=principal.rate_limit)
            account.charge = hit(principal.rate_key, limit)
        else:
            account.charged_to_address = True
            account.charge = hit(
                address_identity(account.client_ip), settings.AUTH_FAILURES_PER_MINUTE
            )
    return account.charge


def charge_or_throttle(request: HttpRequest, principal: Principal | None) -> None:
    """`charge`, and the 429 (DRF's Throttled, with Retry-After) past the bucket's limit."""
    _throttle_past_limit(charge(request, principal))


def charge_if_current(
    request: HttpRequest, principal: Principal, guard: str, expected: str, absent: str | None = None
) -> GuardedHit:
    """Charge `principal` as `charge_or_throttle` does, in the same round trip as
    checking that the Redis key `guard` still holds `expected` and `absent` does
    not exist (a cached credential's generation and revocation marker,
    api.credential_cache). When either fails nothing is charged (`state` is
    None): the caller reads the credential afresh, under the `guard_value`
    this round trip read, and charges then."""
    account = account_of(request)
    if account is None or account.charge is not None:
        return NOT_CHARGED
    limit = limit_for(livemode=principal.livemode, override=principal.rate_limit)
    found = hit_if_current(principal.rate_key, limit, guard, expected, absent)
    if found.state is not None:
        account.attempted = principal
        account.charge = found.state
        _throttle_past_limit(found.state)
    return found


def _throttle_past_limit(state: RateLimitState | None) -> None:
    if state is not None and not state.allowed:
        raise Throttled(
            wait=state.retry_after(), detail="Rate limit exceeded; retry after the window ends."
        )
