"""Writes to users, workspaces, memberships and invitations.

Each service reports what it did through accounts.signals inside its own
transaction, where audit records it as a security event.
"""

from accounts.services.workspaces import user_signup, workspace_create

__all__ = ["user_signup", "workspace_create"]
