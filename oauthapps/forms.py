"""Forms for Settings > Developer apps. They shape input; the services own the rules."""

from django import forms
from django.core.exceptions import ValidationError

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
REDIRECT_URIS_HELP = (
    "One per line. Codes are sent only to these exact URIs. Use https; plain http is "
    "allowed only on loopback addresses (127.0.0.1, [::1], localhost) for native apps."
)


class ServiceErrorsMixin:
    def add_service_error(self, error: ValidationError) -> None:
        """Show a service's refusal next to the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)


class ApplicationSettingsForm(ServiceErrorsMixin, forms.Form):
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

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
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

    def client_type_options(self):
        """The choices with their descriptions, for the template."""
        chosen = self["client_type"].value() or "confidential"
        return [
            {"value": value, "label": label, "description": text, "checked": value == chosen}
            for value, (label, text) in CLIENT_TYPES.items()
        ]
