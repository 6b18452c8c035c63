import re

import pytest
from django.core import mail

from accounts.models import Membership
from tests.support import use_workspace

LINK = re.compile(r"https?://\S+/accounts/invitations/[\w-]+/")


@pytest.fixture
def as_alice(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def as_bob(client, bob, workspace):
    """Bob signed in, working in alice's workspace."""
    client.force_login(bob)
    return use_workspace(client, workspace)


@pytest.fixture
def make_admin(workspace):
    def make(user):
        Membership.objects.filter(user=user, workspace=workspace).update(role="admin")
        return user

    return make


@pytest.fixture
def invite(django_capture_on_commit_callbacks):
    """invite(client, email, role="member") -> the link from the email it sent."""

    def send(client, email, role="member"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/settings/team/invite/", {"email": email, "role": role})
        assert response.status_code == 302, response.content
        return link_in(mail.outbox[-1])

    return send


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]
