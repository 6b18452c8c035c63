from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from rest_framework.test import APIClient

from apikeys.models import ApiKey
from audit.models import AuditEvent


def revoke_api_key(identifier: str) -> str:
    out = StringIO()
    call_command("revoke_api_key", identifier, stdout=out)
    return out.getvalue()


def me(raw: str):
    return APIClient().get("/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def alices_key(alice, make_key):
    return make_key(alice, name="Nightly sync")


@pytest.mark.parametrize(
    "identify",
    [
        pytest.param(lambda key, raw: raw, id="full key"),
        pytest.param(lambda key, raw: key.hint, id="hint"),
        pytest.param(lambda key, raw: key.hint.replace("…", "..."), id="hint with dots"),
        pytest.param(lambda key, raw: key.public_id, id="id"),
    ],
)
def test_it_revokes_the_key_so_it_stops_working(alices_key, identify):
    key, raw = alices_key
    assert me(raw).status_code == 200

    output = revoke_api_key(identify(key, raw))

    assert me(raw).status_code == 401
    assert "Revoked" in output
    assert key.public_id in output


def test_it_never_prints_the_secret(alices_key):
    key, raw = alices_key

    output = revoke_api_key(raw)

    assert raw not in output
    assert key.hint in output


def test_it_records_an_audit_event_without_an_actor(alices_key):
    key, _ = alices_key

    revoke_api_key(key.public_id)

    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.target_id == key.public_id
    assert event.actor is None
    assert event.workspace == key.workspace


def test_it_only_says_so_when_the_key_was_already_revoked(alices_key):
    key, _ = alices_key
    revoke_api_key(key.public_id)

    output = revoke_api_key(key.public_id)

    assert "already revoked" in output
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_it_leaves_other_keys_alone(alice, alices_key, make_key):
    _, raw = alices_key
    _, other_raw = make_key(alice, name="Other")

    revoke_api_key(raw)

    assert me(other_raw).status_code == 200


def test_it_refuses_an_ambiguous_hint(alice, alices_key, make_key):
    key, _ = alices_key
    twin, _ = make_key(alice, name="Twin")
    # Two keys sharing a hint is rare (8 base62 characters) but possible.
    ApiKey.objects.filter(pk=twin.pk).update(hint=key.hint)

    with pytest.raises(CommandError, match="Several API keys") as refused:
        revoke_api_key(key.hint)

    assert key.public_id in str(refused.value) and twin.public_id in str(refused.value)
    assert not ApiKey.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.parametrize(
    "identifier",
    ["key_doesnotexist", "ck_live_Zzzz…Zzzz", "ck_live_Zzzz...Zzzz"],
)
def test_it_refuses_what_matches_no_key(alices_key, identifier):
    with pytest.raises(CommandError, match="No API key matches"):
        revoke_api_key(identifier)


def test_it_refuses_a_valid_key_that_is_not_stored(alices_key):
    from apikeys import keys

    with pytest.raises(CommandError, match="No API key matches"):
        revoke_api_key(keys.generate(livemode=True))


def test_it_refuses_a_mistyped_key(alices_key):
    _, raw = alices_key
    typo = raw[:-1] + ("A" if raw[-1] != "A" else "B")

    with pytest.raises(CommandError, match="not a well-formed API key"):
        revoke_api_key(typo)
    assert me(raw).status_code == 200


def test_it_refuses_something_that_is_not_a_key_at_all(alices_key):
    with pytest.raises(CommandError, match="neither a key"):
        revoke_api_key("hunter2")
