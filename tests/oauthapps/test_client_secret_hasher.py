"""Client secrets: a fast keyed hash, never used for passwords."""

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from oauthapps.models import Application


def test_a_secret_hashed_with_it_verifies_and_a_wrong_one_does_not():
    stored = make_password("s" * 64, hasher="hmac_sha256")

    assert stored.startswith("hmac_sha256$")
    assert check_password("s" * 64, stored)
    assert not check_password("t" * 64, stored)


def test_equal_secrets_hash_differently():
    assert make_password("s" * 64, hasher="hmac_sha256") != make_password(
        "s" * 64, hasher="hmac_sha256"
    )


def test_it_is_keyed_by_secret_key_and_survives_a_key_rotation():
    stored = make_password("s" * 64, hasher="hmac_sha256")

    with override_settings(SECRET_KEY="another-key-" * 5):
        assert not check_password("s" * 64, stored)
    with override_settings(SECRET_KEY="another-key-" * 5, SECRET_KEY_FALLBACKS=[_current_key()]):
        assert check_password("s" * 64, stored)


def _current_key():
    from django.conf import settings

    return settings.SECRET_KEY


def test_passwords_never_use_it(alice):
    assert identify_hasher(alice.password).algorithm != "hmac_sha256"


def test_it_is_last_among_the_password_hashers_in_production_settings():
    import config.settings

    assert config.settings.PASSWORD_HASHERS[-1] == "oauthapps.hashers.ClientSecretHasher"
    assert config.settings.OAUTH2_PROVIDER["CLIENT_SECRET_HASHER"] == "hmac_sha256"


def test_an_app_refuses_a_short_hand_made_secret(developer):
    app = Application(
        user=developer,
        name="Hand made",
        client_type=Application.CLIENT_CONFIDENTIAL,
        redirect_uris="https://app.example.com/callback",
        client_secret="hunter2",
    )

    with pytest.raises(ValidationError) as error:
        app.full_clean()
    assert "client_secret" in error.value.message_dict
