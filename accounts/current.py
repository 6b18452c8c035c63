"""Who a Settings page acts for: the signed-in user and their current workspace.

A user in several workspaces picks one in the switcher; the choice is kept in
the session (by public id) and read once per request, lazily, by
`request.workspaces` (set by CurrentWorkspaceMiddleware). A choice that no
longer holds (the user left, was removed, or the workspace was deleted) falls
back to the user's own workspace, so no page ever acts on a workspace its
viewer has lost.

Views read all of this through the accessors below (`signed_in_user`,
`workspace_choice`, `current_membership`, `current_workspace`), which give it
its types; none reads `request.workspaces` or `request.user` for itself.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from accounts.models import Membership, Role, User, Workspace
from accounts.selectors import memberships_of

SESSION_KEY = "accounts:workspace"

View = Callable[..., HttpResponseBase]  # a view function, as the decorators here take one


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
        if not isinstance(user, User):  # signed out, or no authentication middleware
            return cls((), None)
        memberships = tuple(memberships_of(user))
        chosen = request.session.get(SESSION_KEY)
        current = next((m for m in memberships if m.workspace.public_id == chosen), None)
        if current is None:
            owned = [m for m in memberships if m.role == Role.OWNER]
            current = next(iter(owned or list(memberships)), None)
        return cls(memberships, current)


class _WorkspaceRequest(HttpRequest):
    """A request as CurrentWorkspaceMiddleware leaves it (for the type checker only)."""

    workspaces: WorkspaceChoice


class CurrentWorkspaceMiddleware:
    """Sets `request.workspaces`, a WorkspaceChoice computed on first use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: _WorkspaceRequest) -> HttpResponseBase:
        # The lazy object stands in for the WorkspaceChoice it computes on first use.
        request.workspaces = cast(
            WorkspaceChoice, SimpleLazyObject(lambda: WorkspaceChoice.for_request(request))
        )
        return self.get_response(request)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a view under @login_required (or @workspace_required)."""
    user = request.user
    assert isinstance(user, User), "use @login_required"  # noqa: S101
    return user


def workspace_choice(request: HttpRequest) -> WorkspaceChoice:
    """The viewer's workspaces and the current one (on any page, signed in or not)."""
    choice = getattr(request, "workspaces", None)
    # isinstance sees through the middleware's lazy object to what it computes.
    assert isinstance(choice, WorkspaceChoice), "needs CurrentWorkspaceMiddleware"  # noqa: S101
    return choice


def workspace_switch(request: HttpRequest, public_id: str) -> Membership | None:
    """Make the user's workspace `public_id` current; None if they are not in it."""
    membership = next(
        (m for m in workspace_choice(request).memberships if m.workspace.public_id == public_id),
        None,
    )
    if membership is not None:
        request.session[SESSION_KEY] = public_id
    return membership


def workspace_required(view: View) -> View:
    """Signed in, with a current workspace; someone with none is asked to create one."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponseBase:
        if workspace_choice(request).current is None:
            return redirect("workspace_new")
        return view(request, *args, **kwargs)

    return wrapped


def current_membership(request: HttpRequest) -> Membership:
    """The viewer's membership of the current workspace (under @workspace_required)."""
    membership = workspace_choice(request).current
    assert membership is not None, "use @workspace_required"  # noqa: S101
    return membership


def current_workspace(request: HttpRequest) -> Workspace:
    """The workspace the page shows and acts on (under @workspace_required)."""
    return current_membership(request).workspace
