from collections.abc import Iterable
from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.auth import password_validation
from django.http import QueryDict

from accounts.models import Membership, Role, User
from accounts.services.members import ASSIGNABLE_ROLES
from accounts.services.workspaces import NAME_LENGTH
from accounts.settings_pages import ServiceErrorsForm


# allauth ships no types: its forms are Any to the type checker.
class LoginForm(AllauthLoginForm):  # type: ignore[misc]
    """allauth's sign-in; the page links to /accounts/password_reset/ itself."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""


class SignupForm(AllauthSignupForm):  # type: ignore[misc]
    """allauth's signup (email, password) with the user's name.

    An email that already has an account is not an error here: the view answers
    as for a new one and mails the owner instead (enumeration prevention), so the
    form only notes it in `account_already_exists`.
    """

    name = forms.CharField(max_length=150, label="Your name")
    field_order = ["name", "email", "password1"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Work email"
        self.fields["password1"].label = "Password"
        self.fields[
            "password1"
        ].help_text = password_validation.password_validators_help_text_html()

    def validate_unique_email(self, value: str) -> str:
        email = User.objects.normalize_email(value)
        self.account_already_exists = User.objects.filter(email=email).exists()
        return email


ROLE_CHOICES = [(role.value, role.label) for role in ASSIGNABLE_ROLES]


class InvitationForm(ServiceErrorsForm):
    email = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"placeholder": "teammate@example.com"}),
    )
    role = forms.ChoiceField(choices=ROLE_CHOICES, initial=Role.MEMBER)


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=ROLE_CHOICES)


class WorkspaceRenameForm(ServiceErrorsForm):
    page_name = "rename_form"  # its name on the Settings > Workspace page
    name = forms.CharField(max_length=NAME_LENGTH, label="Workspace name")


class WorkspaceTransferForm(ServiceErrorsForm):
    page_name = "transfer_form"

    def __init__(
        self, data: QueryDict | None = None, *, candidates: Iterable[Membership] = ()
    ) -> None:
        super().__init__(data)
        # The field is made here: its choices are the workspace's other members.
        self.fields["user"] = forms.ChoiceField(
            label="New owner",
            choices=[
                (m.user.public_id, f"{m.user.get_full_name()} ({m.user.email})") for m in candidates
            ],
        )


class WorkspaceDeleteForm(ServiceErrorsForm):
    page_name = "delete_form"
    confirm = forms.CharField(
        label="Type the workspace's name to confirm",
        strip=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
