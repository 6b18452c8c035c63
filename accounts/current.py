"""The current workspace: the one every Settings page shows and acts on.

A user in several workspaces picks one in the switcher; the choice is kept in
the session (by public id) and read once per request, lazily, by
`request.workspaces` (set by CurrentWorkspaceMiddleware). A choice that no
longer holds (the user left, was removed, or the workspace was deleted) falls
back to the user's own workspace, so no page ever acts on a workspace its
viewer has lost.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership, Role, Workspace
from accounts.selectors import memberships_of

SESSION_KEY = "accounts:workspace"


@dataclass(frozen=True)
class WorkspaceChoice:
    """The signed-in user's memberships, and which of them is current."""

    memberships: tuple[Membership, ...]
    current: Membership | None

    @property
    def workspace(self) -> Workspace | None:
        return self.current.workspace if self.current else None

    @property
    def several(self) -> bool:
        return len(self.memberships) > 1

    @classmethod
    def for_request(cls, request: HttpRequest) -> "WorkspaceChoice":
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return cls((), None)
        memberships = tuple(memberships_of(user))
        chosen = request.session.get(SESSION_KEY)
        current = next((m for m in memberships if m.workspace.public_id == chosen), None)
        if current is None:
            owned = [m for m in memberships if m.role == Role.OWNER]
            current = next(iter(owned or list(memberships)), None)
        return cls(memberships, current)


class CurrentWorkspaceMiddleware:
    """Sets `request.workspaces`, a WorkspaceChoice computed on first use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.workspaces = SimpleLazyObject(lambda: WorkspaceChoice.for_request(request))
        return self.get_response(request)


def workspace_switch(request: HttpRequest, public_id: str) -> Membership | None:
    """Make the user's workspace `public_id` current; None if they are not in it."""
    membership = next(
        (m for m in request.workspaces.memberships if m.workspace.public_id == public_id), None
    )
    if membership is not None:
        request.session[SESSION_KEY] = public_id
    return membership


def workspace_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed in, with a current workspace; someone with none is asked to create one."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.workspaces.current is None:
            return redirect("workspace_new")
        return view(request, *args, **kwargs)

    return wrapped


def current_membership(request: HttpRequest) -> Membership:
    """The viewer's membership of the current workspace (under @workspace_required)."""
    membership = request.workspaces.current
    assert membership is not None, "use @workspace_required"  # noqa: S101
    return membership
