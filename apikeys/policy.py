"""The key policy: who may do what with a workspace's API keys (DESIGN: Teams).

One rule for the Settings pages, /v1/api-keys, the command line and the admin:

- Owners and admins manage every key of the workspace.
- Members create keys and edit, roll, re-limit or revoke only the keys they
  created.
- Only owners and admins hold admin keys: nobody may give `admin` to a key
  whose creator is not one, and a member may not create one.
- Live keys need a verified email: an account that has not confirmed its
  address creates and rolls test keys only (DESIGN: Account security).
- Staff in the admin (holding `apikeys.change_apikey`) may revoke any key
  and change its rate limit, nothing else; an operator at the command line
  (no actor) may do anything the rules about admin holders allow.

A key acts as its creator, so the policy speaks of the creator's role, never
of who last touched the key. The pages ask `allows()` to hide what a viewer
may not do; the services call `require()` whatever the page showed.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership, User, Workspace, role_manages
from accounts.selectors import membership_for
from apikeys.models import ApiKey

STAFF_PERMISSION = "apikeys.change_apikey"
UNVERIFIED_LIVE_KEYS = (
    "Live keys need a confirmed email address: follow the link we emailed you "
    "(Settings > Password can send it again). Test keys work meanwhile."
)


class KeyAction(StrEnum):
    CREATE = "create"
    EDIT = "edit"
    ROLL = "roll"
    LIMIT = "limit"
    REVOKE = "revoke"


STAFF_ACTIONS = frozenset({KeyAction.LIMIT, KeyAction.REVOKE})


@dataclass(frozen=True)
class KeyPolicy:
    """What one actor may do with the keys of one workspace."""

    workspace: Workspace
    actor: User | None  # None: an operator at the command line
    membership: Membership | None
    staff: bool

    @classmethod
    def of(
        cls, actor: User | None, workspace: Workspace, membership: Membership | None = None
    ) -> "KeyPolicy":
        if membership is None and actor is not None:
            membership = membership_for(actor, workspace)
        staff = actor is not None and actor.is_active and actor.has_perm(STAFF_PERMISSION)
        return cls(workspace=workspace, actor=actor, membership=membership, staff=staff)

    @property
    def manages(self) -> bool:
        return self.membership is not None and self.membership.can_manage

    @property
    def may_grant_admin(self) -> bool:
        """Whether the actor may give `admin` to a key of their own."""
        return self.actor is None or self.manages

    def refusal(
        self,
        action: KeyAction,
        key: ApiKey | None = None,
        permissions: Iterable[str] = (),
        livemode: bool = False,
    ) -> str | None:
        """Why the actor may not do `action` (to `key`, giving it `permissions`, in live
        mode when creating); None if they may."""
        return (
            self._action_refusal(action, key)
            or self._verification_refusal(action, key, livemode)
            or (self._admin_refusal(action, key) if "admin" in permissions else None)
        )

    def _verification_refusal(
        self, action: KeyAction, key: ApiKey | None, livemode: bool
    ) -> str | None:
        # A live key can send mail and touch real data: the account must be reachable
        # at its address first. Operators and test keys are not held to it.
        makes_live_secret = (action == KeyAction.CREATE and livemode) or (
            action == KeyAction.ROLL and key is not None and key.livemode
        )
        if makes_live_secret and self.actor is not None and not self.actor.email_verified:
            return UNVERIFIED_LIVE_KEYS
        return None

    def _action_refusal(self, action: KeyAction, key: ApiKey | None) -> str | None:
        if key is not None and key.workspace_id != self.workspace.pk:
            return "That key belongs to another workspace."
        if self.staff and action in STAFF_ACTIONS:
            return None
        if self.actor is not None and self.membership is None:
            return "You are not a member of this workspace."
        others_key = key is not None and not self._created(key)
        if self.membership is not None and not self.manages and others_key:
            return "Only workspace owners and admins can change keys someone else created."
        return None

    def _created(self, key: ApiKey) -> bool:
        return self.actor is not None and key.created_by_id == self.actor.pk

    def _admin_refusal(self, action: KeyAction, key: ApiKey | None) -> str | None:
        if self.actor is not None and not self.manages:
            return "Only workspace owners and admins can create or grant admin keys."
        if action == KeyAction.CREATE or key is None or self._created(key):
            return None
        holder = Membership.objects.filter(
            user_id=key.created_by_id, workspace_id=key.workspace_id
        ).first()
        if holder is None or not role_manages(holder.role):
            return (
                "Admin keys belong to workspace owners and admins; this key's creator is not one."
            )
        return None

    def allows(
        self,
        action: KeyAction,
        key: ApiKey | None = None,
        permissions: Iterable[str] = (),
        livemode: bool = False,
    ) -> bool:
        return self.refusal(action, key, permissions, livemode) is None

    def require(
        self,
        action: KeyAction,
        key: ApiKey | None = None,
        permissions: Iterable[str] = (),
        livemode: bool = False,
    ) -> None:
        """Raise PermissionDenied when the action is refused, or a ValidationError on
        `environment` (unverified email) or `permissions` (the admin permission) when
        only that is (a form shows it on the field)."""
        reason = self._action_refusal(action, key)
        if reason is not None:
            raise PermissionDenied(reason)
        reason = self._verification_refusal(action, key, livemode)
        if reason is not None:
            raise ValidationError({"environment": reason})
        reason = self._admin_refusal(action, key) if "admin" in permissions else None
        if reason is not None:
            raise ValidationError({"permissions": reason})
