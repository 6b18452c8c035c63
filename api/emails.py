"""Email sent through the API: POST /v1/emails sends and keeps, GET lists.

The row is written first, in its own short transaction; the message is handed
to the mail server once that commits, never while a transaction holds locks
(on SQLite an open write would hold the whole database for the SMTP
conversation). EMAIL_TIMEOUT bounds the conversation. The row's status then
tells what happened:

- `sent`: the mail server accepted it; `sent_at` says when.
- `failed`: the mail server refused it or did not answer in time; `failed_at`
  says when, and POST /v1/emails answers 503 so the caller knows to retry.
- `queued`: the caller's own transaction is still open, so delivery waits for
  its commit (a plain API request never sees this).
- `kept`: test mode; kept, never delivered.
"""

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from rest_framework.exceptions import APIException

from api.models import Email
from api.principal import Principal

logger = logging.getLogger("api")


class EmailNotSent(APIException):
    status_code = 503
    default_detail = "The email could not be sent. Try again later."
    default_code = "service_unavailable"


def emails_sent(*, principal: Principal) -> QuerySet[Email]:
    """What this user sent through the API in this workspace and mode."""
    return Email.objects.filter(
        workspace=principal.workspace, livemode=principal.livemode, sender=principal.user
    )


def email_send(*, principal: Principal, to: str, subject: str, body: str) -> Email:
    """Keep the message and, in live mode, deliver it: from us, replies to the user.

    Raises EmailNotSent (503) when delivery was tried and failed; the row stays,
    marked `failed`, so the attempt is on record.
    """
    with transaction.atomic():
        email = Email.objects.create(
            workspace=principal.workspace,
            livemode=principal.livemode,
            sender=principal.user,
            to=to,
            subject=subject,
            body=body,
            status=Email.Status.QUEUED if principal.livemode else Email.Status.KEPT,
        )
    if principal.livemode:
        # Outside any transaction this runs at once; inside a caller's, at its commit.
        transaction.on_commit(lambda: email_deliver(email))
    if email.status == Email.Status.FAILED:
        raise EmailNotSent()
    return email


def email_deliver(email: Email) -> None:
    """Hand `email` to the mail server and record the outcome on its row."""
    try:
        _message(email).send()
    except Exception as error:
        # Any failure to hand it over is a failed send, recorded, not a 500:
        # SMTP refusals and timeouts are OSErrors; anything else is logged in full.
        expected = isinstance(error, OSError)
        logger.warning("Email %s was not sent: %s", email.public_id, error, exc_info=not expected)
        _record(email, status=Email.Status.FAILED, failed_at=timezone.now())
    else:
        _record(email, status=Email.Status.SENT, sent_at=timezone.now())


def _record(email: Email, **outcome: object) -> None:
    Email.objects.filter(pk=email.pk).update(**outcome)
    for field, value in outcome.items():
        setattr(email, field, value)


def _message(email: Email) -> EmailMessage:
    sender = email.sender
    # formataddr quotes a name with commas or quotes and encodes non-ASCII;
    # whitespace is folded so no name can start a header of its own.
    name = " ".join((sender.name or "").split())
    return EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[formataddr((name, sender.email))],
    )
