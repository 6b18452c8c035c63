import ipaddress

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.ids import public_id
from api.last_used import touch_last_used
from apikeys import keys
from apikeys.lookup import active_key_by_digest

PERMISSIONS = ("read", "write", "delete", "admin")


def new_key_id() -> str:
    return public_id("key")


def normalize_permissions(values) -> list[str]:
    """Known permissions, in canonical order; `admin` implies the other three."""
    chosen = set(values)
    unknown = chosen - set(PERMISSIONS)
    if unknown:
        raise ValidationError(
            {
                "permissions": f"Unknown permission: {', '.join(sorted(unknown))}. "
                f"Choose from {', '.join(PERMISSIONS)}."
            }
        )
    if not chosen:
        raise ValidationError({"permissions": "Choose at least one permission."})
    if "admin" in chosen:
        chosen = set(PERMISSIONS)
    return [p for p in PERMISSIONS if p in chosen]


def normalize_networks(values) -> list[str]:
    """Addresses and CIDRs, IPv4 or IPv6, in canonical form; one message per bad entry."""
    networks, errors = [], []
    for raw in values:
        text = str(raw).strip()
        if not text:
            continue
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            errors.append(
                f"“{text}” is not an IP address or CIDR range (e.g. 203.0.113.7 or 2001:db8::/32)."
            )
            continue
        if str(network) not in networks:
            networks.append(str(network))
    if errors:
        raise ValidationError({"allowed_ips": errors})
    return networks


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def verify(self, raw: str) -> "ApiKey | None":
        """The usable key for `raw`, or None. One indexed query; none for a malformed key."""
        parsed = keys.parse(raw)
        if parsed is None:
            return None
        key = active_key_by_digest(self.model, parsed.digest, using=self.db)
        if key is None or key.is_expired or not key.created_by.is_active:
            return None
        return key


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

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"
        indexes = [models.Index(fields=["workspace", "-created_at"], name="apikey_ws_created")]

    def __str__(self):
        return f"{self.name} ({self.hint})"

    def clean(self):
        errors = {}
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
        from api.ratelimit import default_limit

        return self.rate_limit or default_limit(self.livemode)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        if self.is_revoked:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "active"

    def allows_ip(self, ip: str | None) -> bool:
        if not self.allowed_ips:
            return True
        if ip is None:
            return False
        address = ipaddress.ip_address(ip)
        return any(address in ipaddress.ip_network(cidr) for cidr in self.allowed_ips)

    def touch(self, ip: str | None) -> None:
        """Record use and the address it came from, at most once a minute."""
        touch_last_used(self, last_used_ip=ip)
