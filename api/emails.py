"""Email sent through the API: POST /v1/emails sends and keeps, GET lists."""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import APIException

from api.models import Email

logger = logging.getLogger("api")


class EmailNotSent(APIException):
    status_code = 503
    default_detail = "The email could not be sent. Try again later."
    default_code = "service_unavailable"


def emails_sent(*, principal):
    """What this user sent through the API in this workspace and mode."""
    return Email.objects.filter(
        workspace=principal.workspace, livemode=principal.livemode, sender=principal.user
    )


@transaction.atomic
def email_send(*, principal, to: str, subject: str, body: str) -> Email:
    """Keep the message and, in live mode, deliver it: from us, replies to the user.

    The row is written in the same transaction as the delivery, so a failed
    delivery leaves no message that claims to have been sent.
    """
    email = Email.objects.create(
        workspace=principal.workspace,
        livemode=principal.livemode,
        sender=principal.user,
        to=to,
        subject=subject,
        body=body,
    )
    if principal.livemode:
        _deliver(email)
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
    return email


def _deliver(email: Email) -> None:
    sender = email.sender
    message = EmailMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        reply_to=[f"{sender.name} <{sender.email}>" if sender.name else sender.email],
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        logger.warning("Email %s was not sent: %s", email.public_id, error)
        raise EmailNotSent() from error
