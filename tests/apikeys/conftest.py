import pytest
from django.test import Client

from accounts.models import Membership
from tests.support import use_workspace


@pytest.fixture
def signed_in(alice):
    """signed_in(user) -> a client signed in as `user`, in Alice's workspace when
    they belong to it (bob and erin also own workspaces of their own)."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        workspace = alice.workspaces.get()
        if Membership.objects.filter(user=user, workspace=workspace).exists():
            use_workspace(client, workspace)
        return client

    return sign_in
