"""Forms for the Settings > API pages. They shape input; the services own the rules."""

from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils import timezone

from accounts.handover import HANDOVER_LABELS, HANDOVER_PERIODS
from accounts.settings_pages import ServiceErrorsForm
from apikeys.canonical import MAX_NETWORKS, PERMISSIONS, TOO_MANY_NETWORKS, normalize_networks
from apikeys.models import ApiKey
from apikeys.services import UNCHANGED

PERMISSION_DESCRIPTIONS = {
    "read": "View records and data",
    "write": "Create and update records",
    "delete": "Remove records",
    "admin": "Manage settings and users",
}
ENVIRONMENTS = {
    "live": ("Live", "Reads and changes production data."),
    "test": ("Test", "Sandbox data only; safe for development."),
}
# What each handover period is for, when it is a key being rolled.
GRACE_ADVICE = {
    "none": "The old key stops working as soon as the new one is created.",
    "1h": "Time enough to redeploy one service.",
    "24h": "Time enough to update every integration today.",
    "7d": "For keys spread across many systems.",
}
ADMIN_ONLY_HELP = "Only workspace owners and admins can grant Admin."
NEVER_EXPIRES = "Never expires"
EXPIRY_PRESETS = {"30": ("30 days", 30), "60": ("60 days", 60), "90": ("90 days", 90)}


class DescribedOptions(forms.widgets.ChoiceWidget):
    """Options that carry a description, and may be disabled one by one."""

    def __init__(
        self,
        *args: Any,
        descriptions: Mapping[str, str] | None = None,
        disabled: Collection[str] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.descriptions = descriptions or {}
        self.disabled = set(disabled)

    def create_option(
        self,
        name: str,
        value: Any,
        label: int | str,
        selected: bool,
        index: int,
        subindex: int | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["description"] = self.descriptions.get(value, "")
        if value in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class DescribedChoices(DescribedOptions, forms.RadioSelect):
    pass


class DescribedCheckboxes(DescribedOptions, forms.CheckboxSelectMultiple):
    pass


def _permission_field(*, may_grant_admin: bool) -> forms.MultipleChoiceField:
    # The admin box is greyed out for members; the service still refuses it if sent.
    return forms.MultipleChoiceField(
        label="Permissions",
        choices=[(p, p.capitalize()) for p in PERMISSIONS],
        widget=DescribedCheckboxes(
            descriptions=PERMISSION_DESCRIPTIONS,
            disabled=() if may_grant_admin else ("admin",),
        ),
        help_text="" if may_grant_admin else ADMIN_ONLY_HELP,
        error_messages={"required": "Choose at least one permission."},
    )


def _networks_from_lines(text: str) -> list[str]:
    """One address or CIDR per line; every bad line gets its own message."""
    lines = text.splitlines()
    if sum(1 for line in lines if line.strip()) > MAX_NETWORKS:
        raise ValidationError(TOO_MANY_NETWORKS)  # before parsing (and naming) each line
    errors = []
    for number, line in enumerate(lines, start=1):
        try:
            normalize_networks([line])
        except ValidationError as error:
            errors += [f"Line {number}: {message}" for message in error.message_dict["allowed_ips"]]
    if errors:
        raise ValidationError(errors)
    return normalize_networks(lines)


class KeySettingsForm(ServiceErrorsForm):
    """What can change after creation: the name, the permissions, the addresses."""

    name = forms.CharField(
        max_length=100,
        error_messages={"required": "Give the key a name, e.g. “Production Integration”."},
        widget=forms.TextInput(attrs={"placeholder": "Production Integration"}),
    )
    allowed_ips = forms.CharField(
        label="Allowed IP addresses",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "203.0.113.7\n10.0.0.0/24"}),
        help_text="One IPv4 or IPv6 address or CIDR range per line. "
        "Leave empty to allow requests from any address.",
    )
    rate_limit = forms.IntegerField(
        label="Rate limit (requests per minute)",
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs={"placeholder": "Default"}),
    )
    field_order = ["name", "permissions", "allowed_ips", "rate_limit"]

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        may_grant_admin: bool,
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.fields["permissions"] = _permission_field(may_grant_admin=may_grant_admin)
        self.fields["rate_limit"].help_text = (
            f"Leave empty for the default: {settings.RATE_LIMIT_LIVE} per minute for live keys, "
            f"{settings.RATE_LIMIT_TEST} for test keys. You can set a lower limit for a key."
        )
        self.order_fields(self.field_order)

    def clean_allowed_ips(self) -> list[str]:
        return _networks_from_lines(self.cleaned_data["allowed_ips"])


class ExpiringKeyForm(KeySettingsForm):
    """The settings and the expiry: a preset (30, 60 or 90 days from now), a custom
    day, or none; on the edit page also "keep it as it is". `cleaned_data["expires_at"]`
    holds the answer: a datetime, None (never expires) or UNCHANGED."""

    def _add_expiry_fields(self, *, keep_label: str = "") -> None:
        now = timezone.now()
        choices = [("keep", "Keep as is")] if keep_label else []
        choices += [(value, label) for value, (label, _) in EXPIRY_PRESETS.items()]
        choices += [("custom", "Custom date")]
        if keep_label != NEVER_EXPIRES:  # else "Never" is what "Keep" already says
            choices += [("none", "Never")]
        descriptions = {
            value: f"Until {now + timedelta(days=days):%b %-d, %Y}"
            for value, (_, days) in EXPIRY_PRESETS.items()
        }
        descriptions |= {"keep": keep_label, "custom": "Pick a day", "none": "Works until revoked"}
        self.fields["expiry"] = forms.ChoiceField(
            label="Expires",
            choices=choices,
            required=False,
            initial="keep" if keep_label else "none",
            widget=DescribedChoices(descriptions=descriptions),
        )
        tomorrow = now.date() + timedelta(days=1)
        self.fields["expires_at"] = forms.DateField(
            label="Custom expiry date",
            required=False,
            widget=forms.DateInput(attrs={"type": "date", "min": tomorrow.isoformat()}),
            help_text="The key stops working at 00:00 UTC on this day.",
        )
        self.expiry_default = "keep" if keep_label else "none"

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day = data.get("expires_at")
        choice = data.get("expiry") or ("custom" if day else self.expiry_default)
        if choice in EXPIRY_PRESETS:
            data["expires_at"] = timezone.now() + timedelta(days=EXPIRY_PRESETS[choice][1])
        elif choice == "none":
            data["expires_at"] = None
        elif choice == "keep":
            data["expires_at"] = UNCHANGED
        elif "expires_at" not in self.errors:
            data["expires_at"] = self._custom_expiry(day)
        return data

    def _custom_expiry(self, day: date | None) -> datetime | None:
        if day is None:
            self.add_error("expires_at", "Choose the day the key stops working.")
        elif day <= timezone.now().date():
            self.add_error("expires_at", "The expiry must be in the future.")
        else:
            return datetime.combine(day, time.min, tzinfo=UTC)
        return None


class KeyCreateForm(ExpiringKeyForm):
    environment = forms.ChoiceField(
        choices=[(value, label) for value, (label, _) in ENVIRONMENTS.items()],
        initial="live",
        widget=DescribedChoices(descriptions={v: d for v, (_, d) in ENVIRONMENTS.items()}),
    )
    field_order = ["name", "environment", "permissions", "allowed_ips", "rate_limit", "expiry"]

    def __init__(self, data: QueryDict | None = None, *, may_grant_admin: bool) -> None:
        super().__init__(data, may_grant_admin=may_grant_admin)
        self._add_expiry_fields()


class KeyEditForm(ExpiringKeyForm):
    """The settings, and the expiry: extended, shortened, removed or kept."""

    def __init__(
        self, data: QueryDict | None = None, *, key: ApiKey, may_grant_admin: bool
    ) -> None:
        initial = {
            "name": key.name,
            "permissions": key.permissions,
            "allowed_ips": "\n".join(key.allowed_ips),
            "rate_limit": key.rate_limit,
        }
        super().__init__(data, initial=initial, may_grant_admin=may_grant_admin)
        current = f"{key.expires_at:%b %-d, %Y, %H:%M} UTC" if key.expires_at else NEVER_EXPIRES
        self._add_expiry_fields(keep_label=current)


class KeyRollForm(ServiceErrorsForm):
    grace = forms.ChoiceField(
        label="Old key stops working",
        choices=list(HANDOVER_LABELS.items()),
        initial="none",
        widget=DescribedChoices(descriptions=GRACE_ADVICE),
    )

    @property
    def grace_period(self) -> timedelta:
        return HANDOVER_PERIODS[self.cleaned_data["grace"]]
