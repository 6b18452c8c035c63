import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest

from accounts.context import AuditContext
from accounts.models import Membership, User, Workspace
from accounts.services.members import member_add, member_change_role, member_remove

if TYPE_CHECKING:
    # Django's admin and form classes take type parameters only in the stubs. The stubs
    # bind UserAdmin to AbstractUser, which this User (an AbstractBaseUser) is not.
    _UserCreationForm = BaseUserCreationForm[User]
    _UserChangeForm = UserChangeForm[User]
    _UserAdmin = BaseUserAdmin[User]  # type: ignore[type-var]
    _MembershipInline = admin.TabularInline[Membership, Workspace]
    _WorkspaceAdmin = admin.ModelAdmin[Workspace]
    _MembershipFormSet = BaseInlineFormSet[Membership, Workspace, ModelForm[Membership]]
else:
    _UserCreationForm, _UserChangeForm = BaseUserCreationForm, UserChangeForm
    _UserAdmin, _MembershipInline = BaseUserAdmin, admin.TabularInline
    _WorkspaceAdmin, _MembershipFormSet = admin.ModelAdmin, BaseInlineFormSet


class UserCreationForm(_UserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class UserEditForm(_UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(_UserAdmin):
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["email"]
    list_display = ["email", "name", "public_id", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_active", "is_superuser"]
    search_fields = ["email", "name", "public_id"]
    readonly_fields = ["public_id", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["email", "password", "public_id"]}),
        ("Profile", {"fields": ["name"]}),
        (
            "Permissions",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "name", "password1", "password2"]}),
    ]


T = TypeVar("T")


class Refusal(enum.Enum):
    # What _apply answers when the service refused: member_remove itself returns None.
    REFUSED = enum.auto()


REFUSED = Refusal.REFUSED


class MembershipInline(_MembershipInline):
    """Memberships change only through accounts.services.members (WorkspaceAdmin.save_formset)."""

    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(Workspace)
class WorkspaceAdmin(_WorkspaceAdmin):
    """Staff add, re-role and remove members through the same services as the team
    page: each change is a security event naming them, a removal ends the member's
    keys and OAuth access here, and the owner stays (ownership moves by transfer).
    A refused change is reported as a message; the rest of the save goes ahead.

    Workspaces are neither added nor deleted here: each is made with its owner
    (signup, or a user's "New workspace"), and only that owner deletes it, from
    Settings > Workspace, behind a typed confirmation; a workspace without an
    owner, or one gone without its event, would break both rules."""

    list_display = ["name", "public_id", "created_at"]
    search_fields = ["name", "public_id", "memberships__user__email"]
    readonly_fields = ["public_id", "created_at"]
    inlines = [MembershipInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Workspace | None = None) -> bool:
        return False

    def save_formset(
        self,
        request: HttpRequest,
        form: "ModelForm[Workspace]",
        formset: _MembershipFormSet,
        change: bool,
    ) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        base = {
            "workspace": form.instance,
            "actor": request.user,
            "context": AuditContext.from_admin(request),
        }
        for inline in formset.initial_forms:
            self._save_existing(request, formset, inline, base)
        for inline in formset.extra_forms:
            if inline.has_changed() and inline not in formset.deleted_forms:
                data = inline.cleaned_data
                membership = self._apply(
                    request, member_add, user=data["user"], role=data["role"], **base
                )
                if membership is not REFUSED:
                    formset.new_objects.append(membership)

    def _save_existing(
        self,
        request: HttpRequest,
        formset: _MembershipFormSet,
        inline: "ModelForm[Membership]",
        base: dict[str, Any],
    ) -> None:
        membership = Membership.objects.select_related("user").filter(pk=inline.instance.pk).first()
        if membership is None:
            return
        if inline in formset.deleted_forms:
            if self._apply(request, member_remove, user=membership.user, **base) is not REFUSED:
                formset.deleted_objects.append(membership)
        elif "user" in inline.changed_data:
            messages.error(
                request, "A membership's person cannot change: remove it and add theirs instead."
            )
        elif "role" in inline.changed_data:
            role = inline.cleaned_data["role"]
            changed = self._apply(
                request, member_change_role, user=membership.user, role=role, **base
            )
            if changed is not REFUSED:
                formset.changed_objects.append((changed, ["role"]))

    def _apply(
        self, request: HttpRequest, service: Callable[..., T], **kwargs: Any
    ) -> T | Literal[Refusal.REFUSED]:
        """Run a members service; a refusal becomes a message on the page, not a 500."""
        try:
            return service(**kwargs)
        except (PermissionDenied, ValidationError) as error:
            reasons = error.messages if isinstance(error, ValidationError) else [str(error)]
            user = kwargs["user"]
            messages.error(request, f"{user.email}: {' '.join(reasons)}")
            return REFUSED
