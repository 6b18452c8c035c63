"""Staff's view of OAuth apps and what they hold.

No secret is ever shown: token values are not stored (only checksums, and
those are left out too), client secrets only as hashes, and authorization
codes not at all. Tokens are revoked from here, set-based, never edited.

Every change staff make here goes through oauthapps.services and leaves a
security event naming them (via "admin"): toggling `first_party` (which
unlocks the admin scope), any other edit of an app, adding or deleting one,
and revoking tokens.
"""

from typing import TYPE_CHECKING

import oauth2_provider.admin  # noqa: F401  (registers DOT's admin classes, replaced below)
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, Model, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import ngettext
from oauth2_provider.admin import ApplicationAdmin as DOTApplicationAdmin

from accounts.models import User
from audit.services import AuditContext
from oauthapps.models import (
    AccessToken,
    Application,
    Consent,
    DeviceGrant,
    Grant,
    IDToken,
    RefreshToken,
)
from oauthapps.services.authorizations import tokens_revoke
from oauthapps.services.staff import (
    application_set_first_party,
    application_staff_delete,
    application_staff_register,
    application_staff_update,
)

if TYPE_CHECKING:
    # The admin's classes take a model type parameter only in the stubs.
    _ReadOnlyBase = admin.ModelAdmin[Model]
else:
    _ReadOnlyBase = admin.ModelAdmin

for model in (Application, AccessToken, RefreshToken, Grant, IDToken):
    admin.site.unregister(model)


def _staff_member(request: HttpRequest) -> User:
    """Who is acting: the admin lets no one in unless they are signed-in staff."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def _count(queryset: "QuerySet[AccessToken] | QuerySet[RefreshToken]") -> Coalesce:
    counted = queryset.order_by().values("application_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@admin.register(Application)
class ApplicationAdmin(DOTApplicationAdmin):
    list_display = (
        "name",
        "client_id",
        "user",
        "client_type",
        "first_party",
        "access_tokens",
        "refresh_tokens",
        "created",
    )
    list_filter = ("first_party", "client_type", "authorization_grant_type", "device_flow_enabled")
    list_editable = ("first_party",)
    search_fields = ("name", "client_id", "user__email")
    readonly_fields = (
        "client_id",
        "client_secret_hint",
        "client_secret_created_at",
        "previous_secret",
        "registration_source",
        "cimd_expires_at",
        "created",
        "updated",
    )
    exclude = ("algorithm", "post_logout_redirect_uris", "allowed_origins")

    def get_queryset(self, request: HttpRequest) -> "QuerySet[Application]":
        live_refresh = RefreshToken.objects.filter(
            application_id=OuterRef("pk"), revoked__isnull=True
        )
        applications: QuerySet[Application] = (
            super()
            .get_queryset(request)
            .select_related("user")
            .annotate(
                access_token_count=_count(
                    AccessToken.objects.filter(application_id=OuterRef("pk"))
                ),
                refresh_token_count=_count(live_refresh),
            )
        )
        return applications

    def save_model(
        self,
        request: HttpRequest,
        obj: Application,
        form: "ModelForm[Application]",
        change: bool,
    ) -> None:
        """The change form and the list's first-party checkboxes both end here."""
        context, actor = AuditContext.from_admin(request), _staff_member(request)
        if not change:
            application_staff_register(application=obj, actor=actor, context=context)
            return
        changed = [field for field in form.changed_data if field != "first_party"]
        if changed:
            application_staff_update(
                application=obj,
                changes={field: form.cleaned_data[field] for field in changed},
                actor=actor,
                context=context,
            )
        if "first_party" in form.changed_data:
            application_set_first_party(
                application=obj,
                first_party=form.cleaned_data["first_party"],
                actor=actor,
                context=context,
            )

    def delete_model(self, request: HttpRequest, obj: Application) -> None:
        context, actor = AuditContext.from_admin(request), _staff_member(request)
        application_staff_delete(application=obj, actor=actor, context=context)

    def delete_queryset(self, request: HttpRequest, queryset: "QuerySet[Application]") -> None:
        context, actor = AuditContext.from_admin(request), _staff_member(request)
        for application in queryset:
            application_staff_delete(application=application, actor=actor, context=context)

    @admin.display(description="previous client secret")
    def previous_secret(self, obj: Application) -> str:
        """A rotation's overlap; only the owner changes it (Settings > Developer apps)."""
        if not obj.previous_secret_works:
            return "None: only the current secret works."
        expires = obj.previous_client_secret_expires_at
        hint = obj.previous_client_secret_hint or "Hidden"
        return f"{hint}, works until {expires:%b %-d, %Y, %H:%M} UTC"

    @admin.display(description="access tokens", ordering="access_token_count")
    def access_tokens(self, obj: Application) -> int:
        count: int = obj.access_token_count  # annotated by get_queryset
        return count

    @admin.display(description="live refresh tokens", ordering="refresh_token_count")
    def refresh_tokens(self, obj: Application) -> int:
        count: int = obj.refresh_token_count  # annotated by get_queryset
        return count


class ReadOnlyAdmin(_ReadOnlyBase):
    """Rows the OAuth flows write; staff look, and revoke, but never add or edit."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class HeldForUserAdmin(ReadOnlyAdmin):
    """What an app holds for a user in a workspace: shown with all three, found by
    the user's email or the app's name or client id."""

    list_select_related = ("user", "application", "workspace")
    search_fields = ("user__email", "application__name", "application__client_id")


def _revoke(
    request: HttpRequest,
    *,
    access_tokens: "QuerySet[AccessToken] | None" = None,
    refresh_tokens: "QuerySet[RefreshToken] | None" = None,
) -> tuple[int, int]:
    """Revoke the selection as the signed-in staff member: (access, refresh) tokens revoked."""
    return tokens_revoke(
        access_tokens=access_tokens,
        refresh_tokens=refresh_tokens,
        actor=_staff_member(request),
        context=AuditContext.from_admin(request),
    )


@admin.register(AccessToken)
class AccessTokenAdmin(HeldForUserAdmin):
    list_display = ("pk", "user", "application", "workspace", "scope", "expires", "last_used_at")
    list_filter = ("application",)
    exclude = ("token", "token_checksum", "id_token", "resource")
    actions = ("revoke",)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # revoke instead: it takes the bound refresh token too

    @admin.action(description="Revoke selected access tokens (and their refresh tokens)")
    def revoke(self, request: HttpRequest, queryset: "QuerySet[AccessToken]") -> None:
        count, _ = _revoke(request, access_tokens=queryset)
        message = ngettext("Revoked %d access token.", "Revoked %d access tokens.", count)
        self.message_user(request, message % count)


@admin.register(RefreshToken)
class RefreshTokenAdmin(HeldForUserAdmin):
    list_display = ("pk", "user", "application", "workspace", "created", "revoked")
    list_filter = ("application", ("revoked", admin.EmptyFieldListFilter))
    exclude = ("token", "token_checksum", "resource")
    actions = ("revoke",)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # revoked rows are kept: a replay of one revokes its family

    @admin.action(description="Revoke selected refresh tokens (and their access tokens)")
    def revoke(self, request: HttpRequest, queryset: "QuerySet[RefreshToken]") -> None:
        _, count = _revoke(request, refresh_tokens=queryset)
        message = ngettext("Revoked %d refresh token.", "Revoked %d refresh tokens.", count)
        self.message_user(request, message % count)


@admin.register(Grant)
class GrantAdmin(HeldForUserAdmin):
    list_display = ("pk", "application", "user", "workspace", "created", "expires", "redeemed_at")
    exclude = ("code", "code_challenge", "nonce", "claims", "resource")


@admin.register(DeviceGrant)
class DeviceGrantAdmin(HeldForUserAdmin):
    list_display = ("pk", "application", "user", "workspace", "status", "expires", "redeemed_at")
    list_filter = ("status",)
    exclude = ("device_code", "user_code")


@admin.register(Consent)
class ConsentAdmin(HeldForUserAdmin):
    list_display = ("user", "application", "workspace", "scope", "created_at", "updated_at")
