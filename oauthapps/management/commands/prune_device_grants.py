"""Delete the device flow's grants once they have expired; run it beside `cleartokens`.

DOT's `cleartokens` clears tokens and authorization codes but not device
grants. An expired grant serves nothing: its device's polls get
`invalid_grant` instead of `expired_token`, and the tokens it was redeemed
for live on in their own tables. One DELETE: the table holds ten minutes of
sign-ins, not history.
"""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from oauthapps.models import DeviceGrant


class Command(BaseCommand):
    help = "Delete expired device authorization grants (RFC 8628)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, _ = DeviceGrant.objects.filter(expires__lt=timezone.now()).delete()
        self.stdout.write(f"Deleted {deleted:,} expired device grants.")
