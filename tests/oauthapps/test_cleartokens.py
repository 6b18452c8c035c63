"""`manage.py cleartokens`, the periodic job, works on the swapped models."""

from datetime import timedelta

import time_machine
from django.core.management import call_command
from django.utils import timezone

from oauthapps.models import AccessToken, Grant, RefreshToken


def test_it_removes_what_expired_and_keeps_what_is_live(flow, alice):
    stale = flow.tokens_for(alice)
    flow.refresh(stale["refresh_token"])
    assert RefreshToken.objects.count() == 2  # the replaced one is kept, revoked

    with time_machine.travel(timezone.now() + timedelta(days=31)):
        fresh = flow.tokens_for(alice)
        call_command("cleartokens")

        assert RefreshToken.objects.count() == 1
        assert AccessToken.objects.count() == 1
        assert Grant.objects.count() == 1  # the code redeemed just now has not expired
        assert flow.refresh(fresh["refresh_token"]).status_code == 200
