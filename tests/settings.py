"""The project's settings for the test suite: the real ones, with test-only values."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("HTTPS_ONLY", "false")
if "OIDC_RSA_PRIVATE_KEY" not in os.environ and "OIDC_RSA_PRIVATE_KEY_FILE" not in os.environ:
    # One ID-token signing key per test run (and the servers the tests start inherit it).
    from oauthapps.oidc.keys import new_private_key_pem

    os.environ["OIDC_RSA_PRIVATE_KEY"] = new_private_key_pem()

from config.settings import *  # noqa: F403

# Hashing passwords slowly is the point in production and a waste in tests.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    # OAuth client secrets (CLIENT_SECRET_HASHER); last, as in production.
    "oauthapps.hashers.ClientSecretHasher",
]

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Each request's log row is written as it ends (tests/audit/test_request_log_batches.py
# covers the batches production writes).
REQUEST_LOG_BATCH_SIZE = 1
REQUEST_LOG_FLUSH_SECONDS = 0

# Threads of the live server and of concurrency tests must not keep
# connections open past their request, or the test database can't be dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared memory: the live server's threads then wait for a
    # lock (WAL, busy timeout) like production does, instead of failing at once.
    import tempfile
    from pathlib import Path

    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"coherence-tests-{os.getpid()}.sqlite3")
    }
