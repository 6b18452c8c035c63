"""Settings read in a fresh interpreter, as an operator would start the server."""

import json
import os
import shutil

import pytest

from tests.support import ROOT, run_python

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in NAMES}, default=str))
"""


@pytest.fixture
def project(tmp_path):
    """The project with the settings package copied into a directory of its own (the
    rest linked), so BASE_DIR and the `.env` beside manage.py are the test's: a
    developer's `.env` in the checkout never reaches these tests."""
    shutil.copytree(ROOT / "config", tmp_path / "config")
    shutil.copy(ROOT / "manage.py", tmp_path)
    for name in ("accounts", "api", "apikeys", "audit", "oauthapps", "templates", "static"):
        (tmp_path / name).symlink_to(ROOT / name)
    return tmp_path


def start(project, names=(), **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "SECRET_KEY",
            "DEBUG",
            "HTTPS_ONLY",
            "DATABASE_URL",
            "REDIS_URL",
            "ALLOWED_HOSTS",
            "TRUSTED_PROXIES",
            "RATE_LIMIT_LIVE",
            "RATE_LIMIT_TEST",
        }
    }
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env})
    return run_python(f"NAMES = {list(names)!r}\n{PROBE}", env=clean, cwd=project)


def test_it_refuses_to_start_without_secret_key_when_not_debugging(project):
    result = start(project, DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_https_only_switches_redirect_hsts_and_secure_cookies_together(project):
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    on = json.loads(start(project, names, SECRET_KEY="x" * 50).stdout)
    off = json.loads(start(project, names, SECRET_KEY="x" * 50, HTTPS_ONLY="false").stdout)

    assert on == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    assert off == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_defaults_follow_the_design(project):
    names = ["ALLOWED_HOSTS", "RATE_LIMIT_LIVE", "RATE_LIMIT_TEST", "TRUSTED_PROXIES", "CACHES"]
    values = json.loads(start(project, names, SECRET_KEY="x" * 50).stdout)

    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert values["RATE_LIMIT_LIVE"] == 1000
    assert values["RATE_LIMIT_TEST"] == 100
    assert values["TRUSTED_PROXIES"] == []
    assert "LocMemCache" in values["CACHES"]["default"]["BACKEND"]


def test_a_malformed_rate_limit_is_refused_clearly(project):
    result = start(project, SECRET_KEY="x" * 50, RATE_LIMIT_LIVE="lots")

    assert result.returncode != 0
    assert "RATE_LIMIT_LIVE must look like '1000/minute'" in result.stderr


def test_debug_makes_a_development_key_without_secret_key(project):
    result = start(project, ["SECRET_KEY", "HTTPS_ONLY"], DEBUG="true")

    values = json.loads(result.stdout)
    assert len(values["SECRET_KEY"]) > 40
    assert values["HTTPS_ONLY"] is False


def test_production_refuses_to_start_with_neither_env_file_nor_secret_key_nor_debug(project):
    result = start(project)

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def test_settings_read_the_env_file_beside_manage_py(project):
    (project / ".env").write_text("# Development only.\nDEBUG=true\nSECRET_KEY=" + "f" * 50 + "\n")

    values = json.loads(start(project, ["DEBUG", "SECRET_KEY", "HTTPS_ONLY"]).stdout)

    assert values == {"DEBUG": True, "SECRET_KEY": "f" * 50, "HTTPS_ONLY": False}


def test_the_environment_wins_over_the_env_file(project):
    (project / ".env").write_text("DEBUG=true\nSECRET_KEY=" + "f" * 50 + "\n")

    values = json.loads(
        start(project, ["DEBUG", "SECRET_KEY"], DEBUG="false", SECRET_KEY="e" * 50).stdout
    )

    assert values == {"DEBUG": False, "SECRET_KEY": "e" * 50}


def test_the_test_suite_reads_no_env_file(project):
    (project / "tests").symlink_to(ROOT / "tests")
    (project / ".env").write_text("DEBUG=true\nRATE_LIMIT_LIVE=7/minute\n")

    values = json.loads(
        start(project, ["DEBUG", "RATE_LIMIT_LIVE"], DJANGO_SETTINGS_MODULE="tests.settings").stdout
    )

    assert values == {"DEBUG": False, "RATE_LIMIT_LIVE": 1000}
