"""Property tests and schema fuzzing: small budgets in `make test`, larger in `make fuzz`.

FUZZ_EXAMPLES sets hypothesis' max_examples for every test here (default 25, which
keeps the whole directory well under a minute per database); `make fuzz` raises
it and prints hypothesis' statistics, i.e. how many cases each test tried.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

settings.register_profile(
    "fuzz",
    max_examples=EXAMPLES,
    deadline=None,
    # Tests share one database transaction per test function, on purpose: each
    # example adds rows, none depends on a fresh database.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    # CI has no place to keep the example database between runs.
    database=None,
    derandomize=os.environ.get("FUZZ_DERANDOMIZE", "") == "1",
)
settings.load_profile("fuzz")


@pytest.fixture
def live_api(alice, key_client):
    """Alice's live key with every permission."""
    return key_client(alice, permissions=["admin"], livemode=True, name="Fuzz")
