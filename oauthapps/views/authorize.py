"""The consent page: /oauth/authorize.

DOT validates the request (client, exact redirect URI, scopes, PKCE) and
issues the code; this view adds what the product needs around it: the app,
its developer and where it sends the user back, each scope in plain words,
the workspace the token will act on, and the audit event of the consent.

Every redirect back to the client carries RFC 9207's `iss`, errors included.
OpenID Connect's prompt=none never shows a page: DOT answers a signed-out
user's with `login_required`; here, where the remembered consent is known, it
gets a code when nothing needs asking and `consent_required` otherwise.
A signed-in user is rate limited here (OAUTH_AUTHORIZE_RATE_LIMIT): past the
limit the answer is a 429 page, never a redirect, because the usual cause is
an app bouncing the user straight back, and a redirect would feed its loop.
"""

import json
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from oauth2_provider.exceptions import OAuthToolkitError
from oauth2_provider.forms import AllowForm
from oauth2_provider.settings import oauth2_settings
from oauth2_provider.views import AuthorizationView
from oauthlib.oauth2.rfc6749.errors import ConsentRequired

from accounts.current import signed_in_user, workspace_choice
from accounts.models import User, Workspace
from api.ratelimit import RateLimitState
from audit.services import AuditContext
from oauthapps.models import Application, Consent
from oauthapps.oauth.issuer import with_issuer
from oauthapps.oauth.limits import authorize_request_charge
from oauthapps.scopes import describe
from oauthapps.services.authorizations import authorization_grant


class ConsentForm(AllowForm):
    workspace = forms.ModelChoiceField(
        queryset=Workspace.objects.none(),
        empty_label=None,
        label="Workspace",
        help_text="The app acts on this workspace's data only.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        workspaces = Workspace.objects.filter(memberships__user=user).order_by("name", "id")
        field = self.fields["workspace"]
        field.queryset = workspaces
        if len(workspaces) == 1:
            field.widget = forms.HiddenInput()
            field.initial = workspaces[0].pk


class ConsentView(AuthorizationView):
    template_name = "oauthapps/authorize.html"
    form_class = ConsentForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if isinstance(request.user, User):
            charge = authorize_request_charge(request.user)
            if not charge.allowed:
                return self._rate_limited(request, charge)
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        return response

    def _rate_limited(self, request: HttpRequest, charge: RateLimitState) -> HttpResponse:
        wait = charge.retry_after()
        context = {"limit": charge.limit, "retry_after": wait}
        response = render(request, "oauthapps/authorize_rate_limited.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response

    def redirect(self, redirect_to: str, application: Application | None) -> HttpResponse:
        response: HttpResponse = super().redirect(
            with_issuer(redirect_to, self.request), application
        )
        return response

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": signed_in_user(self.request)}

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_initial()
        last = (
            Consent.objects.filter(
                user=signed_in_user(self.request), application__client_id=initial["client_id"]
            )
            .order_by("-updated_at")
            .first()
        )
        if last is not None:
            initial["workspace"] = last.workspace_id
        elif (current := workspace_choice(self.request).workspace) is not None:
            initial["workspace"] = current.pk  # the one in Settings
        return initial

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            scopes, credentials = self.validate_authorization_request(request)
        except OAuthToolkitError as invalid:
            return self._error(invalid, application=None)
        self.application = Application.objects.select_related("user").get(
            client_id=credentials["client_id"]
        )
        workspace = self._remembered_workspace(scopes)
        if workspace is not None:
            return self._allow_without_asking(scopes, credentials, workspace)
        if "none" in credentials.get("prompt", ()):  # OpenID Connect: the app wants no page
            consent_required = OAuthToolkitError(
                error=ConsentRequired(state=credentials.get("state")),
                redirect_uri=credentials["redirect_uri"],
            )
            return self._error(consent_required, self.application)
        claims = credentials.get("claims")  # the form carries OpenID Connect's as JSON
        self.oauth2_data = {**credentials, "scope": scopes, "claims": claims and json.dumps(claims)}
        form = self.get_form()
        page: HttpResponse = self.render_to_response(self.get_context_data(form=form))
        return page

    def _error(self, error: Any, application: Application | None) -> HttpResponse:
        """DOT's answer to a refused request: a redirect to the client, or an error page."""
        response: HttpResponse = self.error_response(error, application)
        return response

    def _remembered_workspace(self, scopes: list[str]) -> Workspace | None:
        """The workspace to authorize without asking, or None to ask.

        Asked again for new scopes, and always when the user has several
        workspaces (the app cannot know which one is meant).
        """
        approval = self.request.GET.get("approval_prompt", oauth2_settings.REQUEST_APPROVAL_PROMPT)
        user = signed_in_user(self.request)
        workspaces = list(Workspace.objects.filter(memberships__user=user)[:2])
        if approval != "auto" or len(workspaces) != 1:
            return None
        if self.application.skip_authorization:
            return workspaces[0]
        consent = Consent.objects.filter(
            user=user, application=self.application, workspace=workspaces[0]
        ).first()
        return workspaces[0] if consent is not None and consent.covers(scopes) else None

    def _allow_without_asking(
        self, scopes: list[str], credentials: dict[str, Any], workspace: Workspace
    ) -> HttpResponse:
        self.workspace = workspace
        self.consent_given = (
            self.application.skip_authorization
            and not Consent.objects.filter(
                user=signed_in_user(self.request), application=self.application, workspace=workspace
            ).exists()
        )
        try:
            uri, _headers, _body, _status = self.create_authorization_response(
                request=self.request, scopes=" ".join(scopes), credentials=credentials, allow=True
            )
        except OAuthToolkitError as error:
            return self._error(error, self.application)
        return self.redirect(uri, self.application)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # The form carries the request in hidden fields: check its client and
        # redirect URI again before anything, even a denial, is sent there.
        application = Application.objects.filter(client_id=request.POST.get("client_id")).first()
        if application is None or not application.redirect_uri_allowed(
            request.POST.get("redirect_uri", "")
        ):
            refused: HttpResponse = self.render_to_response(
                {"error": {"description": "Invalid request."}}, status=400
            )
            return refused
        self.application = application
        response: HttpResponse = super().post(request, *args, **kwargs)
        return response

    def form_valid(self, form: ConsentForm) -> HttpResponse:
        self.workspace = form.cleaned_data["workspace"]
        self.consent_given = True
        response: HttpResponse = super().form_valid(form)
        return response

    def create_authorization_response(
        self, request: HttpRequest, scopes: str, credentials: dict[str, Any], allow: bool
    ) -> tuple[str, dict[str, str], str, int]:
        response: tuple[str, dict[str, str], str, int]
        if not allow:
            response = super().create_authorization_response(request, scopes, credentials, allow)
            return response
        credentials["workspace"] = self.workspace
        with transaction.atomic():
            response = super().create_authorization_response(request, scopes, credentials, allow)
            if self.consent_given and response[3] == 302 and "code=" in (response[0] or ""):
                authorization_grant(
                    user=signed_in_user(request),
                    application=self.application,
                    workspace=self.workspace,
                    scopes=scopes.split(),
                    context=AuditContext.from_request(request),
                )
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        application = getattr(self, "application", None)
        form = context.get("form")
        if application is not None and form is not None:
            # On GET the validated request; after a refused POST, the form's own fields.
            redirect_uri = self.oauth2_data.get("redirect_uri") or form["redirect_uri"].value()
            scopes = self.oauth2_data.get("scope") or (form["scope"].value() or "").split()
            context.update(
                application=application,
                developer=application.user,
                redirect_host=urlsplit(redirect_uri or "").netloc,
                scope_descriptions=describe(scopes),
            )
        return context
