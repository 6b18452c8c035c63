from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role, User
from accounts.services.members import ASSIGNABLE_ROLES
from accounts.services.workspaces import NAME_LENGTH


class LoginForm(AllauthLoginForm):
    """allauth's sign-in; the page links to /accounts/password_reset/ itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class SignupForm(AllauthSignupForm):
    """allauth's signup (email, password) with the user's name.

    An email that already has an account is not an error here: the view answers
    as for a new one and mails the owner instead (enumeration prevention), so the
    form only notes it in `account_already_exists`.
    """

    name = forms.CharField(max_length=150, label="Your name")
    field_order = ["name", "email", "password1"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email"
        self.fields["password1"].label = "Password"
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def validate_unique_email(self, value):
        email = User.objects.normalize_email(value)
        self.account_already_exists = User.objects.filter(email=email).exists()
        return email


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
