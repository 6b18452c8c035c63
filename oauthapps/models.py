"""django-oauth-toolkit's models, swapped in so tokens can carry what the API needs.

Access tokens, refresh tokens and authorization codes are bound to the
workspace the user picked on the consent page: an OAuth principal acts on that
workspace's live data only. Applications gain `first_party`, which only staff
set (in the admin) and which alone unlocks the `admin` and `introspection`
scopes. `Consent` remembers what a user allowed an app to do in a workspace:
the consent page skips the question when it has been answered, and Settings >
Authorized apps lists it. `DeviceGrant` is a device's sign-in (RFC 8628), bound
to a workspace once its user allows it.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from oauth2_provider.models import (
    AbstractAccessToken,
    AbstractApplication,
    AbstractDeviceGrant,
    AbstractGrant,
    AbstractIDToken,
    AbstractRefreshToken,
    ApplicationManager,
)

from api.last_used import touch_last_used
from api.lookup import CredentialLookup

if TYPE_CHECKING:
    from accounts.models import Workspace

# Secrets shorter than this are refused: the fast hasher is fit only for long random ones.
MIN_CLIENT_SECRET_LENGTH = 43


def _workspace_once_bound(
    related_name: str,
) -> "models.ForeignKey[Workspace | None, Workspace | None]":
    """The workspace a row acts on; null until the row is bound to one."""
    return models.ForeignKey(
        "accounts.Workspace",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name=related_name,
    )


# DOT's abstract models ship no types, so the checker cannot see these classes as
# models: each field declared here says its type, as the plugin would have, and
# each model says the manager its queries start from.
class Application(AbstractApplication):
    authorization_grant_type: "models.CharField[str, str]" = models.CharField(
        max_length=44,
        choices=AbstractApplication.GRANT_TYPES,
        default=AbstractApplication.GRANT_AUTHORIZATION_CODE,
        verbose_name="authorization grant type",
    )
    first_party: "models.BooleanField[bool, bool]" = models.BooleanField(
        default=False,
        help_text="Built and run by us. Only first-party apps may be granted the admin and "
        "introspection scopes. Set by staff only.",
    )
    # What the pages show of the current secret: its hint (taken from the plain
    # text before it is hashed) and when it was made. Blank for secrets made
    # before these were kept, or outside the services (`createapplication`).
    client_secret_hint: "models.CharField[str, str]" = models.CharField(
        max_length=16, blank=True, default="", editable=False
    )
    client_secret_created_at: "models.DateTimeField[datetime | None, datetime | None]" = (
        models.DateTimeField(null=True, blank=True, editable=False)
    )
    # A rotation's overlap: the secret before the current one (hashed like it)
    # keeps working until `previous_client_secret_expires_at`. Only the
    # services change these (oauthapps.services.secrets).
    previous_client_secret: "models.CharField[str, str]" = models.CharField(
        max_length=255, blank=True, default="", editable=False
    )
    previous_client_secret_hint: "models.CharField[str, str]" = models.CharField(
        max_length=16, blank=True, default="", editable=False
    )
    previous_client_secret_expires_at: "models.DateTimeField[datetime | None, datetime | None]" = (
        models.DateTimeField(null=True, blank=True, editable=False)
    )

    # RFC 8628, for CLIs and devices without a browser: a switch of its own,
    # since DOT gives an app one grant type and these apps need the code flow too.
    device_flow_enabled: "models.BooleanField[bool, bool]" = models.BooleanField(
        default=False,
        verbose_name="device flow",
        help_text="May sign people in with the device authorization grant (RFC 8628).",
    )

    objects: ClassVar["models.Manager[Application]"] = ApplicationManager()

    class Meta(AbstractApplication.Meta):
        verbose_name = "OAuth application"

    def natural_key(self) -> tuple[str]:
        return (self.client_id,)

    def allows_grant_type(self, *grant_types: str) -> bool:
        """DOT's one question for every grant; the device code grant follows the switch."""
        if self.device_flow_enabled and self.GRANT_DEVICE_CODE in grant_types:
            return True
        allowed: bool = super().allows_grant_type(*grant_types)
        return allowed

    @property
    def previous_secret_works(self) -> bool:
        """Whether the secret the last rotation replaced still authenticates the client."""
        expires = self.previous_client_secret_expires_at
        return (
            bool(self.previous_client_secret) and expires is not None and expires > timezone.now()
        )

    def clean(self) -> None:
        super().clean()
        if self.redirect_uris.strip():
            # The same rules the registration form applies, for the admin too.
            from oauthapps.redirect_uris import validate_redirect_uris

            try:
                validate_redirect_uris(self.redirect_uris)
            except ValidationError as error:
                raise ValidationError({"redirect_uris": error.messages}) from error
        secret = self.client_secret or ""
        hand_made = secret and not self._client_secret_is_hashed(secret)
        if hand_made and len(secret) < MIN_CLIENT_SECRET_LENGTH:
            raise ValidationError(
                {
                    "client_secret": f"Use a generated secret of at least "
                    f"{MIN_CLIENT_SECRET_LENGTH} characters."
                }
            )


class Grant(AbstractGrant):
    """An authorization code. Kept after its exchange (`redeemed_at`) to detect reuse."""

    workspace: "models.ForeignKey[Workspace, Workspace]" = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="oauth_grants"
    )
    # The refresh-token family the exchange starts: what a replayed code revokes.
    token_family: "models.UUIDField[uuid.UUID, uuid.UUID]" = models.UUIDField(
        default=uuid.uuid4, editable=False
    )
    redeemed_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        null=True, blank=True, editable=False
    )

    objects: ClassVar["models.Manager[Grant]"]

    class Meta(AbstractGrant.Meta):
        verbose_name = "authorization code"


class AccessTokenQuerySet(models.QuerySet["AccessToken"]):
    def verify(self, checksum: str) -> "AccessToken | None":
        """The token row for a checksum, with its user, workspace and app, in one query.

        `member_role` is the user's role in the bound workspace, None once they left it.
        """
        return _ACCESS_TOKEN_LOOKUP.get(checksum)


class AccessToken(AbstractAccessToken):
    # Null only for tokens DOT could mint outside the flows allowed here; such a
    # token acts on nothing (authentication refuses it).
    workspace: "models.ForeignKey[Workspace | None, Workspace | None]" = _workspace_once_bound(
        "oauth_access_tokens"
    )
    last_used_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        null=True, blank=True, editable=False
    )

    objects = AccessTokenQuerySet.as_manager()

    class Meta(AbstractAccessToken.Meta):
        verbose_name = "access token"

    @property
    def acts_for_someone(self) -> bool:
        """Its user is active and still in its workspace (needs `verify`'s `member_role`)."""
        user = self.user
        return (
            user is not None
            and user.is_active
            and self.workspace_id is not None
            and self.application_id is not None
            and getattr(self, "member_role", None) is not None
        )

    def touch(self) -> None:
        """Record use, at most once a minute per token."""
        touch_last_used(self)


# `verify`'s one statement, built once; it compiles per database connection (api.lookup).
_ACCESS_TOKEN_LOOKUP = CredentialLookup(
    AccessToken,
    "token_checksum",
    relations=("user", "workspace", "application"),
    member=("user", "workspace"),
    role_attribute="member_role",
)


class RefreshToken(AbstractRefreshToken):
    workspace: "models.ForeignKey[Workspace | None, Workspace | None]" = _workspace_once_bound(
        "oauth_refresh_tokens"
    )

    objects: ClassVar["models.Manager[RefreshToken]"]

    class Meta(AbstractRefreshToken.Meta):
        verbose_name = "refresh token"


class IDToken(AbstractIDToken):
    """An OpenID Connect ID token, linked to the access token issued with it (oauthapps.oidc)."""

    objects: ClassVar["models.Manager[IDToken]"]

    class Meta(AbstractIDToken.Meta):
        verbose_name = "ID token"


class Consent(models.Model):
    """What a user allowed an app to do in one workspace, kept until they revoke it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oauth_consents"
    )
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consents")
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="oauth_consents"
    )
    scope = models.TextField(help_text="Space-separated: every scope ever allowed here.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "application", "workspace"], name="one_consent_per_app_workspace"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} allowed {self.application} in {self.workspace}"

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()

    def covers(self, scopes: Iterable[str]) -> bool:
        return set(scopes) <= set(self.scopes)


class DeviceGrant(AbstractDeviceGrant):
    """A device's request to sign someone in (RFC 8628), from its codes to its one token pair.

    `device_code` holds the SHA-256 of the code the device polls with, as the
    token tables hold checksums: a copy of this table signs no device in.
    `user_code` holds the code a person types, normalized (oauthapps.device).
    Allowing it binds it to a user and the workspace they chose; `redeemed_at`
    is set by the one poll that gets the tokens, and every later poll is refused.
    """

    application: "models.ForeignKey[Application, Application]" = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="device_grants"
    )
    workspace: "models.ForeignKey[Workspace | None, Workspace | None]" = _workspace_once_bound(
        "oauth_device_grants"
    )
    last_polled_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    redeemed_at: "models.DateTimeField[datetime | None, datetime | None]" = models.DateTimeField(
        null=True, blank=True, editable=False
    )

    objects: ClassVar["models.Manager[DeviceGrant]"]

    class Meta(AbstractDeviceGrant.Meta):
        verbose_name = "device authorization"
        constraints = [
            *AbstractDeviceGrant.Meta.constraints,
            models.UniqueConstraint(fields=["user_code"], name="oauthapps_devicegrant_user_code"),
        ]

    def __str__(self) -> str:
        return f"{self.application} device sign-in ({self.get_status_display()})"
