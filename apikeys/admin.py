from django.contrib import admin, messages
from django.utils import timezone

from apikeys.models import ApiKey
from apikeys.services import key_revoke, key_update
from audit.services import AuditContext


class EnvironmentFilter(admin.SimpleListFilter):
    title = "environment"
    parameter_name = "environment"

    def lookups(self, request, model_admin):
        return [("live", "Live"), ("test", "Test")]

    def queryset(self, request, queryset):
        if self.value() in ("live", "test"):
            return queryset.filter(livemode=self.value() == "live")
        return queryset


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("expired", "Expired"), ("revoked", "Revoked")]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.active()
        if self.value() == "expired":
            return queryset.filter(revoked_at__isnull=True, expires_at__lte=timezone.now())
        if self.value() == "revoked":
            return queryset.filter(revoked_at__isnull=False)
        return queryset


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
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
    fields = [
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
    ]
    readonly_fields = [field for field in fields if field != "rate_limit"]
    exclude = ["digest"]

    @admin.display(description="owner", ordering="created_by__email")
    def owner(self, key):
        return key.created_by

    @admin.display(description="permissions")
    def permission_list(self, key):
        return ", ".join(key.permissions)

    @admin.display(description="allowed IPs")
    def allowed_ip_list(self, key):
        return ", ".join(key.allowed_ips) or "anywhere"

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_revoked:
            return self.fields
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if "rate_limit" in form.changed_data:
            key_update(
                key=obj,
                actor=request.user,
                rate_limit=form.cleaned_data["rate_limit"],
                context=AuditContext.from_admin(request),
            )

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        return request.user.has_perm("apikeys.change_apikey")

    @admin.action(description="Revoke selected keys", permissions=["revoke"])
    def revoke_selected(self, request, queryset):
        context = AuditContext.from_admin(request)
        revoked = 0
        for key in queryset.filter(revoked_at__isnull=True):
            key_revoke(key=key, actor=request.user, context=context)
            revoked += 1
        if revoked:
            self.message_user(request, f"Revoked {revoked} key(s).", messages.SUCCESS)
        else:
            self.message_user(request, "The selected keys were already revoked.", messages.INFO)
