"""The traffic mix of synthetic request logs, written once for both writers.

Each draw picks a row of a table by its share: the PostgreSQL writer hands the
tables to `width_bucket` as arrays, the Python writer to `bisect`, so a share
changed here changes both.
"""

import bisect
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

COLLECTION = "/v1/modules/contacts/records"
RECORD = COLLECTION + "/{record}"
# Record paths name one of this many records, so the Logs page's path filter finds repeats.
RECORDS = 50_000
# Spreads rows over the keys without following the order of the rows.
KEY_STRIDE = 7919
NETWORK = "203.0.113."  # a documentation range (RFC 5737)
ADDRESSES = 40  # clients .1 to .40 of it
USER_AGENTS = ("python-requests/2.32.3", "Zapier", "node-fetch/3.3.2", "curl/8.5.0")
LATENCY_MS = (5, 400)  # the fastest, and how far the slow tail reaches above it


class Sender(NamedTuple):
    """An active key of the workspace, who made it, and its mode: one sender of traffic."""

    key_id: int
    user_id: int | None
    livemode: bool


@dataclass(frozen=True)
class Endpoint:
    share: float
    method: str
    path: str  # {record} stands for one record's id
    success: int  # the status when the request succeeds


@dataclass(frozen=True)
class Outcome:
    share: float
    status: int | None  # None: the endpoint's own success status
    error_code: str


ENDPOINTS = (
    Endpoint(0.07, "GET", "/v1/users/me", 200),
    Endpoint(0.63, "GET", RECORD, 200),
    Endpoint(0.18, "POST", COLLECTION, 201),
    Endpoint(0.07, "PATCH", RECORD, 200),
    Endpoint(0.05, "DELETE", RECORD, 204),
)
OUTCOMES = (
    Outcome(0.88, None, ""),
    Outcome(0.03, 400, "validation_error"),
    Outcome(0.01, 403, "insufficient_permissions"),
    Outcome(0.03, 404, "not_found"),
    Outcome(0.03, 429, "rate_limited"),
    Outcome(0.015, 500, "server_error"),
    Outcome(0.005, 503, "service_unavailable"),
)


def lower_bounds(shares: tuple[Endpoint, ...] | tuple[Outcome, ...]) -> list[float]:
    """Where each row's share starts in [0, 1): a draw below the next bound picks it."""
    return [0.0, *accumulate(row.share for row in shares[:-1])]


ENDPOINT_BOUNDS = lower_bounds(ENDPOINTS)
OUTCOME_BOUNDS = lower_bounds(OUTCOMES)


def pick_endpoint(draw: float) -> Endpoint:
    return ENDPOINTS[bisect.bisect_right(ENDPOINT_BOUNDS, draw) - 1]


def pick_outcome(draw: float) -> Outcome:
    return OUTCOMES[bisect.bisect_right(OUTCOME_BOUNDS, draw) - 1]


def record_id(index: int) -> str:
    return f"rec_{index % RECORDS:08x}"


def address(index: int) -> str:
    return f"{NETWORK}{1 + index % ADDRESSES}"


def user_agent(index: int) -> str:
    return USER_AGENTS[index % len(USER_AGENTS)]


def key_index(index: int, key_count: int) -> int:
    """Which of the workspace's keys (0-based) sent request number `index`."""
    return (index * KEY_STRIDE) % key_count


def latency_ms(draw: float) -> int:
    """Mostly fast, with a long slow tail (the square of a uniform draw)."""
    fastest, tail = LATENCY_MS
    return int(fastest + draw * draw * tail)
