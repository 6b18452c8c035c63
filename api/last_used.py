"""When a credential was last used: recorded at most once a minute, not per request."""

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    # Types only: api never imports apikeys or oauthapps at runtime (they import api).
    from apikeys.models import ApiKey
    from oauthapps.models import AccessToken

# How stale last_used_at may get: one write a minute per credential.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def touch_last_used(credential: "ApiKey | AccessToken", **also: object) -> None:
    """Set `last_used_at` (and the fields in `also`) when a minute has passed.

    One conditional UPDATE and no read; it is skipped outright while the
    loaded row is fresh, so most requests write nothing.
    """
    now = timezone.now()
    if credential.last_used_at is not None and now - credential.last_used_at < LAST_USED_RESOLUTION:
        return
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    type(credential).objects.filter(pk=credential.pk).filter(stale).update(last_used_at=now, **also)
    credential.last_used_at = now
    for name, value in also.items():
        setattr(credential, name, value)
