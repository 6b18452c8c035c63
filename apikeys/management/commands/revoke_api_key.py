from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from apikeys import keys
from apikeys.models import ApiKey
from apikeys.services import key_revoke
from audit.services import AuditContext

ELLIPSIS = "…"
# Terminals make "…" hard to type: accept three dots in a hint too.
TYPED_ELLIPSIS = "..."


def key_find(identifier: str) -> ApiKey:
    """The one key a full key, a hint or an id names, whatever its status."""
    keys_ = ApiKey.objects.select_related("workspace")
    if identifier.startswith("key_"):
        matches = list(keys_.filter(public_id=identifier))
    elif ELLIPSIS in identifier or TYPED_ELLIPSIS in identifier:
        hint = identifier.replace(TYPED_ELLIPSIS, ELLIPSIS)
        matches = list(keys_.filter(hint=hint))
    elif keys.looks_like_key(identifier):
        parsed = keys.parse(identifier)
        if parsed is None:
            raise CommandError(
                "That is not a well-formed API key (a typo or a truncated paste?). "
                "Give the full key, its hint (ck_live_AbC1…wxYz) or its id (key_...)."
            )
        matches = list(keys_.filter(digest=parsed.digest))
    else:
        raise CommandError(
            f"“{identifier}” is neither a key (ck_live_... or ck_test_...), "
            "a hint (ck_live_AbC1…wxYz) nor a key id (key_...)."
        )
    if not matches:
        raise CommandError("No API key matches that.")
    if len(matches) > 1:
        ids = ", ".join(f"{key.public_id} ({key.name}, {key.status})" for key in matches)
        raise CommandError(f"Several API keys have that hint; revoke one by id: {ids}.")
    return matches[0]


class Command(BaseCommand):
    help = "Revoke an API key, named by the full key, its hint or its id (key_...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", metavar="KEY_OR_HINT_OR_ID")

    def handle(self, *args: Any, **options: Any) -> None:
        key = key_find(options["key"].strip())
        described = f"API key “{key.name}” ({key.public_id}, {key.hint}) in {key.workspace.name}"
        if key.revoked_at is not None:
            revoked_at = key.revoked_at.isoformat(timespec="seconds")
            self.stdout.write(f"The {described} was already revoked at {revoked_at}.")
            return
        key_revoke(key=key, actor=None, context=AuditContext.from_command("revoke_api_key"))
        self.stdout.write(self.style.SUCCESS(f"Revoked the {described}."))
