from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role, User
from accounts.services.members import ASSIGNABLE_ROLES
from accounts.services.workspaces import NAME_LENGTH


class SignupForm(forms.Form):
    name = forms.CharField(max_length=150, label="Your name")
    email = forms.EmailField(label="Work email")
    password = forms.CharField(
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Log in instead."
            )
        return email

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password")
        if password:
            probe = User(email=cleaned.get("email", ""), name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ServiceErrorsMixin:
    """Show a service's refusal on the form: its fields where it names them, else on top."""

    def add_service_error(self, error: ValidationError | PermissionDenied) -> None:
        if isinstance(error, PermissionDenied):
            self.add_error(None, str(error) or "You may not do that in this workspace.")
        elif hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
        else:
            self.add_error(None, error.messages)


ROLE_CHOICES = [(role.value, role.label) for role in ASSIGNABLE_ROLES]


class InvitationForm(ServiceErrorsMixin, forms.Form):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"placeholder": "teammate@example.com"}),
    )
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)


class WorkspaceRenameForm(ServiceErrorsMixin, forms.Form):
    page_name = "rename_form"  # its name on the Settings > Workspace page
    name = forms.CharField(max_length=NAME_LENGTH, label="Workspace name")


class WorkspaceTransferForm(ServiceErrorsMixin, forms.Form):
    page_name = "transfer_form"
    user = forms.ChoiceField(label="New owner")

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [
            (m.user.public_id, f"{m.user.get_full_name()} ({m.user.email})") for m in candidates
        ]


class WorkspaceDeleteForm(ServiceErrorsMixin, forms.Form):
    page_name = "delete_form"
    confirm = forms.CharField(
        label="Type the workspace's name to confirm",
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
