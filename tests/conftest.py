import os

import pytest
from rest_framework.test import APIClient

from accounts.services import user_signup

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """With TESTS_FORBID_SKIPS=1 (CI), a skipped test fails: a missing browser or
    database must not pass unnoticed."""
    outcome = yield
    report = outcome.get_result()
    if (
        report.skipped
        and os.environ.get("TESTS_FORBID_SKIPS") == "1"
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = f"skipped, and TESTS_FORBID_SKIPS=1 forbids it: {report.longrepr}"


@pytest.fixture
def alice(db):
    """The owner of her own workspace."""
    return user_signup(email="alice@example.com", password=PASSWORD, name="Alice Owner")


@pytest.fixture
def bob(alice):
    """Alice's teammate: a plain member of her workspace."""
    from accounts.models import Membership

    user = user_signup(email="bob@example.com", password=PASSWORD, name="Bob Member")
    Membership.objects.create(
        user=user, workspace=alice.workspaces.get(), role=Membership.Role.MEMBER
    )
    return user


@pytest.fixture
def charlie(db):
    """An outsider with a workspace of his own."""
    return user_signup(email="charlie@example.com", password=PASSWORD, name="Charlie Outsider")


@pytest.fixture
def api_client():
    return APIClient()
