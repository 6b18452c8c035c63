"""Whether a user's email address is proven theirs: `User.email_verified_at`.

allauth's EmailAddress rows say which addresses were verified; the user row
keeps the answer for the address they sign in with, so a check (the key
policy, /v1/emails, OpenID Connect's `email_verified`) costs no query.
A self-service signup starts unverified (accounts.adapter); following the
link in the confirmation mail sets the time here.
"""

from typing import Any

from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User

UNVERIFIED_MESSAGE = (
    "Confirm your email address first: follow the link we sent you, "
    "or send a new one from Settings > Password."
)


@receiver(email_confirmed, dispatch_uid="accounts.verification.email_confirmed")
def mark_user_verified(
    # allauth ships no types: `email_address` is its EmailAddress row.
    sender: object,
    request: HttpRequest | None,
    email_address: Any,
    **kwargs: object,
) -> None:
    User.objects.filter(
        pk=email_address.user_id, email__iexact=email_address.email, email_verified_at=None
    ).update(email_verified_at=timezone.now())
