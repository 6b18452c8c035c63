"""Keys found in public: revoked at once, recorded, and their people told.

GitHub asks partners to treat every reported secret as public and
compromised, so there is no grace and no confirmation: the key stops working
in the same transaction that records the leak. A key revoked earlier is still
a true positive (it was a real key, and GitHub's feedback is about that) and
still gets the leak event, but no second revocation or email.
"""

import hashlib
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction

from accounts.context import AuditContext
from accounts.models import Membership, Role
from apikeys import keys
from apikeys.events import key_event_record
from apikeys.models import ApiKey, RevokedVia
from apikeys.services import key_revoke

logger = logging.getLogger(__name__)

TRUE_POSITIVE = "true_positive"
FALSE_POSITIVE = "false_positive"


@dataclass(frozen=True)
class Match:
    """One entry of GitHub's report."""

    token: str
    type: str
    url: str = ""
    source: str = ""

    @property
    def token_hash(self) -> str:
        # surrogatepass: a JSON body may carry lone surrogates; they hash, they never match.
        return hashlib.sha256(self.token.encode("utf-8", "surrogatepass")).hexdigest()


def _key_for(token: str) -> ApiKey | None:
    parsed = keys.parse(token)
    if parsed is None:  # checksum, prefix or length wrong: not one of ours
        return None
    return (
        ApiKey.objects.select_related("workspace", "created_by")
        .filter(digest=parsed.digest)
        .first()
    )


@transaction.atomic
def leaked_keys_report(*, matches: list[Match], context: AuditContext) -> list[str]:
    """Act on a report; returns each match's label, in order."""
    labels: list[str] = []
    handled: dict[str, bool] = {}
    for match in matches:
        if match.token not in handled:
            handled[match.token] = _handle(match, context)
        labels.append(TRUE_POSITIVE if handled[match.token] else FALSE_POSITIVE)
    return labels


def _handle(match: Match, context: AuditContext) -> bool:
    """True when `match` is a real key, which is revoked now if it was not already."""
    key = _key_for(match.token)
    if key is None:
        return False
    was_revoked = key.is_revoked
    key_revoke(key=key, context=context, via=RevokedVia.SECRET_SCANNING)
    key_event_record(
        key=key,
        action="api_key.leaked",
        context=context,
        metadata={
            "url": match.url,
            "source": match.source,
            "type": match.type,
            "already_revoked": was_revoked,
        },
    )
    if not was_revoked:
        _tell_people(key, match)
    return True


def _recipients(key: ApiKey) -> list[str]:
    owners = Membership.objects.filter(workspace=key.workspace, role=Role.OWNER)
    emails = [key.created_by.email, *owners.values_list("user__email", flat=True)]
    return sorted({email for email in emails if email})


def _tell_people(key: ApiKey, match: Match) -> None:
    where = match.url or f"a public {match.source or 'place'} on GitHub"
    message_body = (
        f"The API key “{key.name}” ({key.hint}) of the workspace “{key.workspace.name}” "
        f"was found in public: {where}\n\n"
        "Anyone could have used it, so Coherence revoked it just now; requests with it "
        "fail from now on. Create a new key in Settings > API keys, keep it out of source "
        "control (read it from the environment), and check the workspace's API logs for "
        "calls you do not recognise.\n"
    )
    for recipient in _recipients(key):
        message = EmailMessage(
            subject=f"Your Coherence API key {key.hint} was found in public and revoked",
            body=message_body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
        )
        transaction.on_commit(partial(_send, message, key))


def _send(message: EmailMessage, key: ApiKey) -> None:
    try:
        message.send()
    except Exception:
        # The key is revoked whatever the mail server says; the event records the leak.
        logger.exception("Could not send the leaked-key notice for %s", key.public_id)
