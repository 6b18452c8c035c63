from typing import TYPE_CHECKING, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils import timezone

from accounts.current import signed_in_user
from accounts.models import User
from apikeys.models import ApiKey, ApiKeyQuerySet
from apikeys.services import key_revoke, key_update
from audit.admin import FixedChoicesFilter
from audit.services import AuditContext

if TYPE_CHECKING:
    # Django's admin classes take type parameters only in the stubs.
    _ApiKeyModelAdmin = admin.ModelAdmin[ApiKey]
else:
    _ApiKeyModelAdmin = admin.ModelAdmin


class EnvironmentFilter(FixedChoicesFilter):
    title = "environment"
    parameter_name = "environment"
    options = [("live", "Live"), ("test", "Test")]

    def filter(self, queryset: QuerySet[ApiKey], value: str) -> QuerySet[ApiKey]:
        return queryset.filter(livemode=value == "live")


class StatusFilter(FixedChoicesFilter):
    title = "status"
    parameter_name = "status"
    options = [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")]

    def filter(self, queryset: QuerySet[ApiKey], value: str) -> QuerySet[ApiKey]:
        if value == "active":
            # The changelist filters ApiKey.objects, whose querysets know `active`.
            return cast(ApiKeyQuerySet, queryset).active()
        if value == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=timezone.now())
        return queryset.filter(revoked_at__isnull=False)


# What the change page shows; all but the rate limit read-only (ApiKeyAdmin).
KEY_FIELDS = (
    "public_id",
    "name",
    "hint",
    "workspace",
    "created_by",
    "environment",
    "permission_list",
    "allowed_ip_list",
    "rate_limit",
    "status",
    "created_at",
    "expires_at",
    "last_used_at",
    "last_used_ip",
    "revoked_at",
    "revoked_by",
    "rolled_from",
)


@admin.register(ApiKey)
class ApiKeyAdmin(_ApiKeyModelAdmin):
    """Keys are looked at and revoked here, and their rate limit set; never
    created or deleted, and nothing else about them edited.

    Creating one would bypass the show-once page; deleting one would bypass the
    services that record every change; the rate limit goes through key_update,
    which records it. The digest is never shown.
    """

    list_display = [
        "name",
        "hint",
        "workspace",
        "owner",
        "environment",
        "permission_list",
        "status",
        "last_used_at",
    ]
    list_filter = [EnvironmentFilter, StatusFilter]
    list_select_related = ["workspace", "created_by"]
    search_fields = ["name", "hint", "public_id", "created_by__email", "workspace__name"]
    actions = ["revoke_selected"]
    fields = KEY_FIELDS
    readonly_fields = [field for field in KEY_FIELDS if field != "rate_limit"]
    exclude = ["digest"]

    @admin.display(description="owner", ordering="created_by__email")
    def owner(self, key: ApiKey) -> User:
        return key.created_by

    @admin.display(description="permissions")
    def permission_list(self, key: ApiKey) -> str:
        return ", ".join(key.permissions)

    @admin.display(description="allowed IPs")
    def allowed_ip_list(self, key: ApiKey) -> str:
        return ", ".join(key.allowed_ips) or "anywhere"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_readonly_fields(
        self, request: HttpRequest, obj: ApiKey | None = None
    ) -> list[str] | tuple[str, ...]:
        if obj is not None and obj.is_revoked:
            return KEY_FIELDS
        return self.readonly_fields

    def save_model(
        self, request: HttpRequest, obj: ApiKey, form: "ModelForm[ApiKey]", change: bool
    ) -> None:
        if "rate_limit" in form.changed_data:
            key_update(
                key=obj,
                actor=signed_in_user(request),
                rate_limit=form.cleaned_data["rate_limit"],
                context=AuditContext.from_admin(request),
            )

    def has_delete_permission(self, request: HttpRequest, obj: ApiKey | None = None) -> bool:
        return False

    def has_revoke_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("apikeys.change_apikey")

    @admin.action(description="Revoke selected keys", permissions=["revoke"])
    def revoke_selected(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        context = AuditContext.from_admin(request)
        actor = signed_in_user(request)
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True):
            key_revoke(key=key, actor=actor, context=context)
            revoked += 1
        if revoked:
            self.message_user(request, f"Revoked {revoked} key(s).", messages.SUCCESS)
        else:
            self.message_user(request, "The selected keys were already revoked.", messages.INFO)
