"""Signup on allauth, answering the same whether or not the email has an account.

allauth hides who exists only when verification is mandatory; here it is
optional (an unverified account signs in, with test keys only), so signup
borrows that one mandatory step: a new account gets its confirmation mail, an
email that already has an account gets a "someone tried to sign up" mail, and
both see the same "check your inbox" page, signed out. A new user then signs in
with the password they chose, or follows the link (which signs them in).

Signing up from an invitation link to the very address invited is the one
exception: the link reached that inbox, so it proves the address; that account
starts verified and signed in, and goes on to accept.

Two signups racing with one email: the form's check passes for both, the
database's unique email decides, and the loser sees a form error, not a 500.
"""

from allauth.account import app_settings
from allauth.account.internal.flows.email_verification import verify_email
from allauth.account.internal.flows.login import perform_login
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.models import EmailAddress, Login
from allauth.account.views import SignupView as AllauthSignupView
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve

from accounts.forms import SignupForm
from accounts.services.invitations import invitation_for_token

RACE_MESSAGE = (
    "This email address was used to sign up a moment ago. "
    "Check your inbox, or sign in if the account is yours."
)
CHECK_INBOX = app_settings.EmailVerificationMethod.MANDATORY
SIGN_IN = app_settings.EmailVerificationMethod.OPTIONAL


# allauth ships no types: its views are Any to the type checker.
class SignupView(AllauthSignupView):  # type: ignore[misc]
    def form_valid(self, form: SignupForm) -> HttpResponse:
        if form.account_already_exists:
            return _answer_as_for_a_new_account(self.request, form.cleaned_data["email"])
        redirect_url = self.get_success_url()
        invited = _invited_to(redirect_url, form.cleaned_data["email"])
        try:
            with transaction.atomic():
                # The user, their workspace (accounts.signals) and their EmailAddress.
                self.user = form.save(self.request)
                if invited:
                    address = EmailAddress.objects.get_primary(self.user)
                    verify_email(self.request, address)
        except IntegrityError:
            form.add_error("email", RACE_MESSAGE)
            refused: HttpResponse = self.form_invalid(form)
            return refused
        signed_up: HttpResponse = complete_signup(
            self.request,
            user=self.user,
            email_verification=SIGN_IN if invited else CHECK_INBOX,
            redirect_url=redirect_url,
        )
        return signed_up


def _invited_to(target: str, email: str) -> bool:
    """Whether `target` (the safe `next`) is a pending invitation for `email`."""
    try:
        match = resolve((target or "").split("?", 1)[0])
    except Resolver404:
        return False
    if match.url_name != "invitation":
        return False
    invitation = invitation_for_token(match.kwargs["token"])
    return invitation is not None and invitation.status == "pending" and invitation.email == email


def _answer_as_for_a_new_account(request: HttpRequest, email: str) -> HttpResponse:
    """allauth's enumeration prevention: mail the owner, show "check your inbox"."""
    login = Login(user=None, email=email, signup=True, email_verification=CHECK_INBOX)
    answer: HttpResponse = perform_login(request, login)
    return answer


signup = SignupView.as_view()
