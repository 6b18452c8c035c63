"""The page an invitation email links to: /accounts/invitations/<token>/.

Anyone holding the link may read who invites them where (the token is the
secret); accepting needs signing in as the invited address. The page works
signed out: it offers to log in or sign up and come back here.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.context import AuditContext
from accounts.current import SESSION_KEY, signed_in_user
from accounts.models import Invitation, User
from accounts.services.invitations import invitation_accept, invitation_for_token

# Gone for good (used, withdrawn, out of date) versus never a link at all.
GONE = 410
UNKNOWN = 404


def _invalid(request: HttpRequest, invitation: Invitation | None) -> HttpResponse:
    context = {"invitation": invitation, "reason": invitation.status if invitation else "unknown"}
    status = GONE if invitation else UNKNOWN
    return render(request, "accounts/invitation_invalid.html", context, status=status)


def _show(
    request: HttpRequest, invitation: Invitation, *, error: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    wrong_account = user.is_authenticated and (
        User.objects.normalize_email(user.email) != invitation.email
    )
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_by,
        "wrong_account": wrong_account,
        "error": error,
    }
    return render(request, "accounts/invitation.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    found = invitation_for_token(token)
    if found is None or found.status != "pending":
        return _invalid(request, found)
    if request.method != "POST":
        return _show(request, found)
    if not request.user.is_authenticated:
        return redirect_to_login(request.path)
    try:
        membership = invitation_accept(
            token=token, user=signed_in_user(request), context=AuditContext.from_request(request)
        )
    except PermissionDenied as error:
        return _show(request, found, error=str(error), status=403)
    except ValidationError:
        found.refresh_from_db()
        return _invalid(request, found)
    request.session[SESSION_KEY] = membership.workspace.public_id
    messages.success(
        request,
        f"Welcome to “{membership.workspace.name}”: you joined as "
        f"{membership.get_role_display().lower()}.",
    )
    return redirect("apikeys:list")
