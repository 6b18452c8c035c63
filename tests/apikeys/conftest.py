import pytest
from django.test import Client

from accounts.models import Membership, User
from tests.conftest import PASSWORD, use_workspace


@pytest.fixture
def dave(alice):
    """An admin of Alice's workspace (who also owns a workspace of his own)."""
    user = User.objects.create_user("dave@example.com", password=PASSWORD, name="Dave Admin")
    Membership.objects.create(
        user=user, workspace=alice.workspaces.get(), role=Membership.Role.ADMIN
    )
    return user


@pytest.fixture
def signed_in(alice):
    """signed_in(user) -> a client signed in as `user`, in Alice's workspace when
    they belong to it (bob and dave also own workspaces of their own)."""

    def sign_in(user):
        client = Client()
        client.force_login(user)
        workspace = alice.workspaces.get()
        if Membership.objects.filter(user=user, workspace=workspace).exists():
            use_workspace(client, workspace)
        return client

    return sign_in
