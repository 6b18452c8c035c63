"""The ID-token signing key as the settings read it: required in production, made
once and kept in development, rotated keys from the environment or files."""

import json
import os
import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from oauthapps.oidc.keys import inactive_signing_keys, new_private_key_pem, signing_key
from tests.support import ROOT, run_python

DEV_KEY = ROOT / ".oidc-signing-key.pem"
OIDC_VARIABLES = {
    "OIDC_RSA_PRIVATE_KEY",
    "OIDC_RSA_PRIVATE_KEY_FILE",
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE",
    "OIDC_RSA_PRIVATE_KEYS_INACTIVE_FILE",
}
PROBE = """
import json, django
from django.conf import settings
django.setup()
from oauth2_provider.settings import oauth2_settings as o
print(json.dumps([o.OIDC_RSA_PRIVATE_KEY, o.OIDC_RSA_PRIVATE_KEYS_INACTIVE]))
"""


def start(**env):
    """The settings in a fresh interpreter, as an operator starts the server."""
    clean = {k: v for k, v in os.environ.items() if k not in OIDC_VARIABLES | {"DEBUG"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="x" * 50)
    return run_python(PROBE, env=clean)


def keys_of(result) -> tuple[str, list[str]]:
    assert result.returncode == 0, result.stderr
    active, inactive = json.loads(result.stdout)
    return active, inactive


def test_production_refuses_to_start_without_a_signing_key():
    result = start(DEBUG="false")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "OIDC_RSA_PRIVATE_KEY is not set" in result.stderr


def test_production_takes_the_key_from_the_environment_or_a_file(tmp_path):
    pem = new_private_key_pem()
    path = tmp_path / "signing.pem"
    path.write_text(pem)

    assert keys_of(start(DEBUG="false", OIDC_RSA_PRIVATE_KEY=pem))[0] == pem
    assert keys_of(start(DEBUG="false", OIDC_RSA_PRIVATE_KEY_FILE=str(path)))[0] == pem


def test_a_key_written_with_escaped_newlines_is_read_as_pem():
    pem = new_private_key_pem()

    assert keys_of(start(DEBUG="false", OIDC_RSA_PRIVATE_KEY=pem.replace("\n", "\\n")))[0] == pem


def test_a_bad_key_stops_the_start_without_printing_it():
    garbled = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5\n-----END PRIVATE KEY-----\n"
    truncated = "-----BEGIN PRIVATE KEY-----\nbm90LWEta2V5\n"

    bad = start(DEBUG="false", OIDC_RSA_PRIVATE_KEY=garbled)
    cut = start(DEBUG="false", OIDC_RSA_PRIVATE_KEY=truncated)

    assert bad.returncode != 0 and cut.returncode != 0
    assert "OIDC_RSA_PRIVATE_KEY: not a readable, unencrypted PEM private key" in bad.stderr
    assert "OIDC_RSA_PRIVATE_KEY holds no PEM private key" in cut.stderr
    assert "bm90LWEta2V5" not in bad.stderr + cut.stderr


def test_rotated_keys_come_from_the_environment_and_files(tmp_path):
    active, first, second = new_private_key_pem(), new_private_key_pem(), new_private_key_pem()
    path = tmp_path / "old.pem"
    path.write_text(second)

    _active, inactive = keys_of(
        start(
            DEBUG="false",
            OIDC_RSA_PRIVATE_KEY=active,
            OIDC_RSA_PRIVATE_KEYS_INACTIVE=first + active,  # the active one is left out
            OIDC_RSA_PRIVATE_KEYS_INACTIVE_FILE=str(path),
        )
    )

    assert inactive == [first, second]


def test_debug_makes_a_development_key_once_and_keeps_it():
    first, _ = keys_of(start(DEBUG="true"))
    second, _ = keys_of(start(DEBUG="true"))

    assert first == second == DEV_KEY.read_text()
    assert stat.S_IMODE(DEV_KEY.stat().st_mode) == 0o600


def test_the_development_key_is_made_private_and_reused(tmp_path):
    path = tmp_path / ".oidc-signing-key.pem"

    made = signing_key(pem="", path="", debug=True, development_path=path)
    again = signing_key(pem="", path="", debug=True, development_path=path)

    assert made == again == path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left behind


def test_a_given_key_wins_over_the_development_key(tmp_path):
    pem = new_private_key_pem()
    path = tmp_path / ".oidc-signing-key.pem"

    assert signing_key(pem=pem, path="", debug=True, development_path=path) == pem
    assert not path.exists()


def test_a_short_key_is_refused(tmp_path):
    short = new_private_key_pem(1024)

    with pytest.raises(ImproperlyConfigured, match="a 1024-bit key; use at least 2048 bits"):
        signing_key(pem=short, path="", debug=False, development_path=tmp_path)


def test_a_key_and_a_key_file_together_are_refused(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="not both"):
        signing_key(
            pem=new_private_key_pem(), path="/x.pem", debug=False, development_path=tmp_path
        )


def test_an_unreadable_rotated_key_file_is_named(tmp_path):
    missing = str(tmp_path / "gone.pem")

    with pytest.raises(ImproperlyConfigured, match="OIDC_RSA_PRIVATE_KEYS_INACTIVE_FILE"):
        inactive_signing_keys(pems="", paths=[missing], active=new_private_key_pem())
