"""Forms for Settings > Developer apps. They shape input; the services own the rules."""

from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError

from accounts.handover import HANDOVER_LABELS, HANDOVER_PERIODS
from accounts.settings_pages import ServiceErrorsForm
from oauthapps.redirect_uris import validate_redirect_uris

CLIENT_TYPES = {
    "confidential": (
        "Confidential",
        "A server-side app that can keep a secret. It authenticates with its client secret.",
    ),
    "public": (
        "Public",
        "A native, desktop or single-page app that cannot keep a secret. "
        "It gets no secret and must use PKCE (S256).",
    ),
}
# What each handover period is for, when it is an app's secret being rotated.
OVERLAP_ADVICE = {
    "none": "The old secret stops as soon as the new one is made. Choose this if it leaked.",
    "1h": "Time enough to redeploy one service.",
    "24h": "Time enough to update every instance of the app today.",
    "7d": "For an app deployed in many places.",
}
REDIRECT_URIS_HELP = (
    "One per line. Codes are sent only to these exact URIs. Use https; plain http is "
    "allowed only on loopback addresses (127.0.0.1, [::1], localhost) for native apps."
)


class ApplicationSettingsForm(ServiceErrorsForm):
    name = forms.CharField(
        max_length=100,
        help_text="People see this name when your app asks for access.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "Acme Sync"}),
    )
    redirect_uris = forms.CharField(
        label="Redirect URIs",
        help_text=REDIRECT_URIS_HELP,
        widget=forms.Textarea(
            attrs={"rows": 3, "spellcheck": "false", "placeholder": "https://example.com/callback"}
        ),
    )

    device_flow_enabled = forms.BooleanField(
        label="Allow the device flow",
        required=False,
        help_text="For a CLI, or a device without a browser: it shows a code, and the person "
        "enters it at /oauth/device while signed in to Coherence (RFC 8628).",
    )

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError("Give the app a name.")
        return name

    def clean_redirect_uris(self) -> list[str]:
        return validate_redirect_uris(self.cleaned_data["redirect_uris"])


class ApplicationCreateForm(ApplicationSettingsForm):
    client_type = forms.ChoiceField(
        label="Client type",
        choices=[(value, label) for value, (label, _) in CLIENT_TYPES.items()],
        initial="confidential",
        widget=forms.RadioSelect,
    )

    def client_type_options(self) -> list[dict[str, str | bool]]:
        """The choices with their descriptions, for the template."""
        chosen = self["client_type"].value() or "confidential"
        return [
            {"value": value, "label": label, "description": text, "checked": value == chosen}
            for value, (label, text) in CLIENT_TYPES.items()
        ]


class SecretRotateForm(ServiceErrorsForm):
    # Left out, it means "none": a rotation without a choice stops the old secret at
    # once, as every rotation did before there was a choice.
    overlap = forms.ChoiceField(
        label="The current secret stops working",
        choices=list(HANDOVER_LABELS.items()),
        initial="none",
        required=False,
        widget=forms.RadioSelect,
    )

    @property
    def overlap_period(self) -> timedelta:
        return HANDOVER_PERIODS[self.cleaned_data["overlap"] or "none"]

    def overlap_options(self) -> list[dict[str, str | bool]]:
        """The choices with their descriptions, for the template."""
        chosen = self["overlap"].value() or "none"
        return [
            {
                "value": value,
                "label": label,
                "description": OVERLAP_ADVICE[value],
                "checked": value == chosen,
            }
            for value, label in HANDOVER_LABELS.items()
        ]
