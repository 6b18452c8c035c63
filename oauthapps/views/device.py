"""The device flow (RFC 8628): a device asks for codes, a person enters one at /oauth/device.

/oauth/device_authorization is a machine endpoint, charged per client like
/oauth/token and answering in its JSON shape. /oauth/device is a page for a
signed-in person: they type the code their device shows (or arrive with it
filled in, from `verification_uri_complete`), then see the consent page for
it and allow or deny. The question is asked every time, remembered consent or
not: the person must check that the device in front of them asked
(RFC 8628 section 5.4), since someone else's device could have sent the link.
Wrong codes are limited per person and per address (oauthapps.device).
"""

import json
from typing import Any
from urllib.parse import urlencode, urlsplit

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import OAuthServerMetadataView
from oauth2_provider.views.mixins import OAuthLibMixin

from accounts.current import signed_in_user, workspace_choice
from api.ratelimit import RateLimitState
from audit.services import AuditContext
from oauthapps.device import display, guessing_refused, is_well_formed, normalize, wrong_code_charge
from oauthapps.models import Consent, DeviceGrant
from oauthapps.oauth.device import DeviceAuthorizationServer
from oauthapps.oauth.limits import token_request_charge
from oauthapps.oauth.responses import endpoint_response, rate_limited_response
from oauthapps.scopes import describe
from oauthapps.services.device import DeviceGrantClosed, device_grant_allow, device_grant_deny
from oauthapps.views.authorize import ConsentForm

WRONG_CODE = "That code is not right. Check the code your device shows and try again."
USED_CODE = "That code has been used already. Start signing in again on your device."
EXPIRED_CODE = "That code has expired. Start signing in again on your device to get a new one."
CLOSED_APP = "That app can no longer sign in devices."
GONE_CODE = "That code expired or was answered meanwhile. Start signing in again on your device."


def endpoint_url(request: HttpRequest, name: str) -> str:
    """An /oauth URL as the metadata publishes it: on the issuer's host, or the request's."""
    path = reverse(f"oauth2_provider:{name}")
    issuer = urlsplit(str(oauth2_settings.OIDC_ISS_ENDPOINT or ""))
    if not issuer.netloc:
        return request.build_absolute_uri(path)
    return f"{issuer.scheme}://{issuer.netloc}{path}"


@method_decorator(csrf_exempt, name="dispatch")
class DeviceAuthorizationView(OAuthLibMixin, View):
    """/oauth/device_authorization (RFC 8628 section 3.1): a device asks for its codes."""

    server_class = DeviceAuthorizationServer
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        charge = token_request_charge(request)
        if not charge.allowed:
            return rate_limited_response(charge)
        headers, body, status = self.create_device_authorization_response(request)
        if status != 200:
            return endpoint_response(headers, body, status)
        verification_uri = endpoint_url(request, "device")
        query = urlencode({"user_code": body["user_code"]})
        body.update(
            verification_uri=verification_uri,
            verification_uri_complete=f"{verification_uri}?{query}",
        )
        return endpoint_response(headers, json.dumps(body), 200)


class ServerMetadataView(OAuthServerMetadataView):
    """RFC 8414 metadata: DOT's document and the device authorization endpoint
    (RFC 8628 section 4), which DOT's view does not list."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().get(request, *args, **kwargs)
        document = json.loads(response.content)
        document["device_authorization_endpoint"] = endpoint_url(request, "device-authorization")
        response.content = json.dumps(document)
        return response


class UserCodeForm(forms.Form):
    user_code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "placeholder": "XXXX-XXXX",
                "class": "mono",
            }
        ),
    )

    def clean_user_code(self) -> str:
        code = normalize(self.cleaned_data["user_code"])
        if not is_well_formed(code):
            raise ValidationError("A code is eight letters, like BCDF-GHJK.")
        return code


class DeviceConsentForm(ConsentForm):
    """The consent page's workspace picker and Allow, for a user code instead of a redirect."""

    user_code = forms.CharField(widget=forms.HiddenInput)
    fields: dict[str, forms.Field]  # as on any form; the untyped base leaves it unknown

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The authorization request's hidden fields have no place here.
        self.fields = {name: self.fields[name] for name in ("user_code", "workspace", "allow")}


def _pending(code: str) -> tuple[DeviceGrant | None, str]:
    """The grant waiting for this normalized user code, or None and why not."""
    grant = (
        DeviceGrant.objects.select_related("application", "application__user")
        .filter(user_code=code)
        .first()
    )
    if grant is None:
        return None, WRONG_CODE
    if grant.status != grant.AUTHORIZATION_PENDING:
        return None, USED_CODE
    if grant.expires <= timezone.now():
        return None, EXPIRED_CODE
    if not grant.application.device_flow_enabled:
        return None, CLOSED_APP
    return grant, ""


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def device(request: HttpRequest) -> HttpResponse:
    """/oauth/device: the code, then the consent page; both answers are POSTs here."""
    if request.method == "GET":
        typed = normalize(request.GET.get("user_code", ""))[:32]
        return _entry(request, UserCodeForm(initial={"user_code": display(typed)}))
    refused = guessing_refused(request)
    if refused is not None:
        return _too_many_wrong_codes(request, refused)
    entry = UserCodeForm(request.POST)
    if not entry.is_valid():
        return _entry(request, entry)  # a typo, not a guess: not counted
    grant, problem = _pending(entry.cleaned_data["user_code"])
    if grant is None:
        wrong_code_charge(request)
        entry.add_error("user_code", problem)
        return _entry(request, entry)
    if "allow" not in request.POST and "deny" not in request.POST:
        initial = {"user_code": grant.user_code, "workspace": _workspace_hint(request, grant)}
        form = DeviceConsentForm(user=signed_in_user(request), initial=initial)
        return _consent(request, grant, form)
    form = DeviceConsentForm(request.POST, user=signed_in_user(request))
    if not form.is_valid():
        return _consent(request, grant, form)
    return _answer(request, grant, form)


def _answer(request: HttpRequest, grant: DeviceGrant, form: DeviceConsentForm) -> HttpResponse:
    allowed = form.cleaned_data["allow"]
    user = signed_in_user(request)
    context = AuditContext.from_request(request)
    try:
        if allowed:
            workspace = form.cleaned_data["workspace"]
            device_grant_allow(device_grant=grant, user=user, workspace=workspace, context=context)
        else:
            device_grant_deny(device_grant=grant, user=user, context=context)
    except DeviceGrantClosed:
        entry = UserCodeForm(initial={"user_code": display(grant.user_code)})
        entry.add_error(None, GONE_CODE)
        return _entry(request, entry)
    done = {"application": grant.application, "allowed": allowed}
    return render(request, "oauthapps/device_done.html", done)


def _workspace_hint(request: HttpRequest, grant: DeviceGrant) -> int | None:
    """The workspace last chosen for this app, else the one open in Settings."""
    last = (
        Consent.objects.filter(user=signed_in_user(request), application=grant.application)
        .order_by("-updated_at")
        .first()
    )
    if last is not None:
        return last.workspace_id
    current = workspace_choice(request).workspace
    return current.pk if current is not None else None


def _entry(request: HttpRequest, form: UserCodeForm) -> HttpResponse:
    return render(request, "oauthapps/device_entry.html", {"form": form})


def _consent(request: HttpRequest, grant: DeviceGrant, form: DeviceConsentForm) -> HttpResponse:
    context = {
        "application": grant.application,
        "developer": grant.application.user,
        "scope_descriptions": describe(grant.scope.split()),
        "user_code": display(grant.user_code),
        "form": form,
    }
    return render(request, "oauthapps/device_consent.html", context)


def _too_many_wrong_codes(request: HttpRequest, state: RateLimitState) -> HttpResponse:
    wait = state.retry_after()
    response = render(
        request, "oauthapps/device_rate_limited.html", {"retry_after": wait}, status=429
    )
    response["Retry-After"] = str(wait)
    return response
