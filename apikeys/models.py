import ipaddress
from datetime import UTC
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.client_ip import canonical_ip, canonical_network
from accounts.ids import public_id
from api.last_used import touch_last_used
from api.lookup import CredentialLookup
from apikeys import keys
from apikeys.canonical import normalize_networks, normalize_permissions


class KeyStatus(models.TextChoices):
    """The one list of what a key can be; the pages, filters and API all use it."""

    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    ROLLED = "rolled", "Rolled"
    REVOKED = "revoked", "Revoked"


class RevokedVia(models.TextChoices):
    """How a key came to be revoked, for "revoked by" on the pages."""

    PAGE = "page", "Settings"
    API = "api", "the API"
    CLI = "cli", "the command line"
    ADMIN = "admin", "staff"
    ROLLED = "rolled", "a roll"
    MEMBER_REMOVED = "member_removed", "the creator's removal"
    MEMBER_LEFT = "member_left", "the creator leaving"
    SECRET_SCANNING = "secret_scanning", "secret scanning"


def new_key_id() -> str:
    return public_id("key")


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def active(self) -> Self:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def verify(self, key: "str | keys.ParsedKey") -> "ApiKey | None":
        """The usable key for a raw key (or one already parsed), or None. One indexed
        query; none for a malformed key.

        A key acts as its creator: it is usable only while they are active and
        still a member of the key's workspace (`creator_role`, read in the same
        query), so removing someone stops their keys on the next request even if
        the revocation that goes with it had failed.
        """
        parsed = keys.parse(key) if isinstance(key, str) else key
        if parsed is None:
            return None
        found = _KEY_LOOKUP.get(parsed.digest)
        if found is None or found.is_expired or not found.created_by.is_active:
            return None
        if found.creator_role is None:
            return None
        return found

    def status(self, status: str) -> Self:
        """Keys in one KeyStatus, as the list filter and the API ask for them."""
        now = timezone.now()
        unexpired = Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        if status == KeyStatus.ACTIVE:
            return self.filter(unexpired, revoked_at__isnull=True)
        if status == KeyStatus.EXPIRED:
            return self.filter(revoked_at__isnull=True, expires_at__lte=now, rolled_at__isnull=True)
        if status == KeyStatus.ROLLED:
            return self.filter(
                Q(revoked_via=RevokedVia.ROLLED)
                | Q(revoked_at__isnull=True, expires_at__lte=now, rolled_at__isnull=False)
            )
        if status == KeyStatus.REVOKED:
            return self.filter(revoked_at__isnull=False).exclude(revoked_via=RevokedVia.ROLLED)
        return self.none()


class ApiKey(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_key_id, editable=False)
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="api_keys"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(max_length=100, validators=[MinLengthValidator(1)])
    livemode = models.BooleanField(default=True)
    permissions = models.JSONField(default=list)
    allowed_ips = models.JSONField(default=list, blank=True)
    hint = models.CharField(max_length=24, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_ip = models.GenericIPAddressField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_via = models.CharField(
        max_length=20, choices=RevokedVia.choices, blank=True, editable=False
    )
    # When a roll replaced this key; it keeps working until `expires_at` (the grace).
    rolled_at = models.DateTimeField(null=True, blank=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Requests per minute; empty for the environment's default.",
    )
    rolled_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rolled_to",
        editable=False,
    )

    objects = ApiKeyQuerySet.as_manager()

    # The creator's role in the key's workspace, read by `verify` with the key
    # (None there means they are no longer a member); not a column.
    creator_role: str | None = None

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        indexes = [models.Index(fields=["workspace", "-created_at"], name="apikey_ws_created")]

    def __str__(self) -> str:
        return f"{self.name} ({self.hint})"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        self.name = (self.name or "").strip()
        if not self.name:
            errors["name"] = ["Give the key a name, e.g. “Production Integration”."]
        for field, normalize in (
            ("permissions", normalize_permissions),
            ("allowed_ips", normalize_networks),
        ):
            try:
                setattr(self, field, normalize(getattr(self, field)))
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    @property
    def environment(self) -> str:
        return "live" if self.livemode else "test"

    @property
    def effective_rate_limit(self) -> int:
        """Requests per minute: the key's own limit, else its environment's."""
        from api.ratelimit import limit_for

        return limit_for(livemode=self.livemode, override=self.rate_limit)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.is_revoked:
            return KeyStatus.ROLLED if self.revoked_via == RevokedVia.ROLLED else KeyStatus.REVOKED
        if self.is_expired:
            return KeyStatus.ROLLED if self.rolled_at else KeyStatus.EXPIRED
        return KeyStatus.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status == KeyStatus.ACTIVE

    @property
    def in_grace(self) -> bool:
        """Rolled, and still working until its grace period ends."""
        return self.rolled_at is not None and self.status == KeyStatus.ACTIVE

    @property
    def days_left(self) -> int | None:
        """Calendar days (UTC) until an active key expires: 0 if it stops later today,
        1 tomorrow; None if it never does. Days as people count them, so a key made
        to last 30 days reads "expires in 30 days" all of its first day."""
        if self.expires_at is None or not self.is_active:
            return None
        return (self.expires_at.astimezone(UTC).date() - timezone.now().astimezone(UTC).date()).days

    @property
    def revoked_by_label(self) -> str:
        """Who or what revoked the key, to follow "Revoked Mar 3, 2026 by ...":
        "Alice", "Alice through the API", "an operator at the command line", ..."""
        person = (self.revoked_by.name or self.revoked_by.email) if self.revoked_by else ""
        creator = self.created_by.name or self.created_by.email
        match self.revoked_via:
            case RevokedVia.API:
                return f"{person} through the API" if person else "an API call"
            case RevokedVia.CLI:
                return "an operator at the command line"
            case RevokedVia.ADMIN:
                return f"{person}, staff, in the admin" if person else "staff in the admin"
            case RevokedVia.MEMBER_REMOVED:
                if person:
                    return f"{person}, on removing {creator} from the workspace"
                return f"{creator}'s removal from the workspace"
            case RevokedVia.MEMBER_LEFT:
                return f"{creator}, on leaving the workspace"
            case RevokedVia.SECRET_SCANNING:
                return "secret scanning, after the key was found in public"
            case RevokedVia.PAGE | RevokedVia.ROLLED:
                # The person may since have deleted their account (revoked_by is then unset).
                return person or "a since-deleted user"
            case _:
                return person or "an operator"

    def allows_ip(self, ip: str | None) -> bool:
        if not self.allowed_ips:
            return True
        if ip is None:
            return False
        try:
            address = canonical_ip(ipaddress.ip_address(ip))
        except ValueError:
            return False
        return any(address in canonical_network(cidr) for cidr in self.allowed_ips)

    def touch(self, ip: str | None) -> None:
        """Record use and the address it came from, at most once a minute."""
        touch_last_used(self, last_used_ip=ip)


# `verify`'s one statement, built once; it compiles per database connection (api.lookup).
_KEY_LOOKUP = CredentialLookup(
    ApiKey,
    "digest",
    relations=("workspace", "created_by"),
    member=("created_by", "workspace"),
    role_attribute="creator_role",
    unset=("revoked_at",),
)
