"""How django-allauth behaves here: the sign-in throttle's answer, the client
address, unverified signups, and which re-authentication sudo mode offers.

allauth counts failed sign-ins in the cache (ACCOUNT_RATE_LIMITS["login_failed"]),
per typed email and per client address, before any password is hashed. Its own
refusal says only "try again later"; this one says when, and is reported as a
failed sign-in (`throttled=True`) so audit records it, folded like any other.
"""

import math
import time
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest
from django.urls import reverse

from accounts.client_ip import client_ip
from accounts.models import User

THROTTLE_ACTION = "login_failed"
THROTTLE_APP = "allauth.account"


# allauth ships no types: its adapter is Any to the type checker.
class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]
    def get_client_ip(self, request: HttpRequest) -> str:
        # One rate identity for the whole product: the address TRUSTED_PROXIES allows.
        return client_ip(request) or "0.0.0.0"  # noqa: S104  (no address: one shared bucket)

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            key = self._get_login_attempts_cache_key(request, **credentials)
            wait = throttle_wait_seconds(request, key=key)
            user_login_failed.send(
                sender=__name__, credentials=credentials, request=request, throttled=True
            )
            raise ValidationError(
                f"Too many failed sign-in attempts. Try again in {_in_words(wait)}.",
                code="too_many_login_attempts",
            ) from None

    def save_user(
        self, request: HttpRequest, user: User, form: BaseForm, commit: bool = True
    ) -> User:
        # Self-service signup proves nothing about the address until the link is followed.
        user.name = form.cleaned_data.get("name", "")
        user.email_verified_at = None
        saved: User = super().save_user(request, user, form, commit=commit)
        return saved

    def get_password_change_redirect_url(self, request: HttpRequest) -> str:
        return reverse("password_change")

    def get_reauthentication_methods(self, user: User | AnonymousUser) -> list[dict[str, Any]]:
        """Once two-factor is on, sudo mode asks for the second factor: a password
        alone (perhaps the one that leaked) no longer makes a sensitive change."""
        from allauth.mfa.utils import is_mfa_enabled

        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        if user.is_authenticated and is_mfa_enabled(user):
            methods = [m for m in methods if m["id"] != "reauthenticate"]
        return methods


def throttle_wait_seconds(request: HttpRequest, *, key: str) -> float:
    """Seconds until the sign-in throttle would take another attempt for `key`
    (the typed email) from this request's address.

    allauth keeps each limit as a list of attempt times, newest first; a limit of
    N per D seconds frees a slot when its N-th newest attempt is D seconds old.
    """
    now = time.time()
    wait = 0.0
    rates = ratelimit.get_rates(app=THROTTLE_APP, action=THROTTLE_ACTION)
    for rate in rates:
        cache_key = ratelimit.get_cache_key(
            request, app=THROTTLE_APP, action=THROTTLE_ACTION, rate=rate, key=key
        )
        history = cache.get(cache_key, [])
        if len(history) >= rate.amount:
            wait = max(wait, history[rate.amount - 1] + rate.duration - now)
    return wait


def _in_words(seconds: float) -> str:
    if seconds <= 60:
        return "a minute"
    return f"{math.ceil(seconds / 60)} minutes"
