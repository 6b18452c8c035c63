"""Settings read in a fresh interpreter, as an operator would start the server."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({name: getattr(settings, name) for name in NAMES}, default=str))
"""


def start(names=(), **env):
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
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    code = f"NAMES = {list(names)!r}\n{PROBE}"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_secret_key_when_not_debugging():
    result = start(DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_https_only_switches_redirect_hsts_and_secure_cookies_together():
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    on = json.loads(start(names, SECRET_KEY="x" * 50).stdout)
    off = json.loads(start(names, SECRET_KEY="x" * 50, HTTPS_ONLY="false").stdout)

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


def test_defaults_follow_the_design():
    names = ["ALLOWED_HOSTS", "RATE_LIMIT_LIVE", "RATE_LIMIT_TEST", "TRUSTED_PROXIES", "CACHES"]
    values = json.loads(start(names, SECRET_KEY="x" * 50).stdout)

    assert values["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert values["RATE_LIMIT_LIVE"] == 1000
    assert values["RATE_LIMIT_TEST"] == 100
    assert values["TRUSTED_PROXIES"] == []
    assert "LocMemCache" in values["CACHES"]["default"]["BACKEND"]


def test_a_malformed_rate_limit_is_refused_clearly():
    result = start(SECRET_KEY="x" * 50, RATE_LIMIT_LIVE="lots")

    assert result.returncode != 0
    assert "RATE_LIMIT_LIVE must look like '1000/minute'" in result.stderr


def test_debug_makes_a_development_key_without_secret_key():
    result = start(["SECRET_KEY", "HTTPS_ONLY"], DEBUG="true")

    values = json.loads(result.stdout)
    assert len(values["SECRET_KEY"]) > 40
    assert values["HTTPS_ONLY"] is False
