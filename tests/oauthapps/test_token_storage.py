"""Only digests are stored: a copy of the database yields no usable token or secret."""

from django.apps import apps
from django.db import models
from django.db.models.functions import Cast

from oauthapps.models import AccessToken, Application, RefreshToken


def rows_containing(value: str) -> list[str]:
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                text = model._default_manager.annotate(
                    _text=Cast(field.attname, models.TextField())
                )
                if text.filter(_text__contains=value).exists():
                    found.append(f"{model._meta.label}.{field.attname}")
    return found


def test_no_column_holds_a_plain_access_or_refresh_token(flow, alice):
    tokens = flow.tokens_for(alice)
    refreshed = flow.refresh(tokens["refresh_token"]).json()

    for raw in (tokens["refresh_token"], refreshed["access_token"], refreshed["refresh_token"]):
        assert rows_containing(raw) == []
        assert rows_containing(raw[3:]) == []


def test_tokens_are_found_by_their_sha256_digest(flow, alice):
    import hashlib

    tokens = flow.tokens_for(alice)

    access = AccessToken.objects.get()
    assert access.token == ""
    assert access.token_checksum == hashlib.sha256(tokens["access_token"].encode()).hexdigest()
    assert RefreshToken.objects.get().token == ""


def test_the_client_secret_is_stored_as_a_keyed_hash(flow):
    stored = Application.objects.get().client_secret

    assert stored.startswith("hmac_sha256$")
    assert flow.secret not in stored
    assert rows_containing(flow.secret) == []
