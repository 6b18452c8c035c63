"""Settings, read from the environment.

Every value an operator may change comes from an environment variable through
django-environ; nothing secret has a production default. The README lists the
variables and their defaults.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# A `.env` beside manage.py fills in what the environment leaves unset: `make run` writes
# one for development, so manage.py works without a DEBUG=true prefix. A variable set in
# the environment always wins. The test suite's settings read none, so a developer's file
# cannot change what the tests see.
if os.environ.get("DJANGO_SETTINGS_MODULE") != "tests.settings":
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)


def _secret_key() -> str:
    key: str = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (or DEBUG=true for local development only)."
        )
    # Development only: a key generated once and kept beside the project, so the
    # dev server's reloads don't log everyone out.
    path = BASE_DIR / ".dev-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)

TRUSTED_PROXIES = [
    ipaddress.ip_network(cidr.strip(), strict=False)
    for cidr in env.list("TRUSTED_PROXIES", default=[])
    if cidr.strip()
]


def _rate(name: str, default: str) -> int:
    """Parse `N/minute` into N requests per minute."""
    value = env.str(name, default=default)
    count, _, unit = value.partition("/")
    if not count.strip().isdigit() or unit.strip() not in ("minute", "min", "m"):
        raise ImproperlyConfigured(f"{name} must look like '1000/minute', not {value!r}.")
    return int(count)


RATE_LIMIT_LIVE = _rate("RATE_LIMIT_LIVE", "1000/minute")
RATE_LIMIT_TEST = _rate("RATE_LIMIT_TEST", "100/minute")
# How long request logs are kept (`manage.py prune_request_logs`); security events stay.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=90)
# Requests per minute of one client address that identify no credential (none, an
# unknown or malformed one; unknown paths included) before it gets 429s.
AUTH_FAILURES_PER_MINUTE = 100
# Request log rows are written in batches by a thread of each process (audit.writer):
# every REQUEST_LOG_FLUSH_SECONDS, or once REQUEST_LOG_BATCH_SIZE rows wait (1: each
# row at once). A hard kill loses at most the last REQUEST_LOG_FLUSH_SECONDS of rows.
REQUEST_LOG_BATCH_SIZE = env.int("REQUEST_LOG_BATCH_SIZE", default=200)
REQUEST_LOG_FLUSH_SECONDS = env.float("REQUEST_LOG_FLUSH_SECONDS", default=0.5)
REQUEST_LOG_MAX_PENDING = env.int("REQUEST_LOG_MAX_PENDING", default=10_000)
# How long a process may use a credential it verified before reading it again even if
# nothing said it changed (api.credential_cache; 0 turns the cache off). Changes are
# seen on the next request anyway; this bounds the case of a change made while
# Redis was unreachable.
KEY_CACHE_SECONDS = env.int("KEY_CACHE_SECONDS", default=60)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "accounts",
    "audit",
    "api",
    "apikeys",
    "oauthapps",
]

MIDDLEWARE = [
    # Outermost, /v1 only: the request's account (api.account), its log row, and the
    # charge and X-RateLimit-* headers of anything DRF did not charge (the guards' answers).
    "api.account.RequestAccountMiddleware",
    "audit.middleware.RequestLogMiddleware",
    "api.middleware.RateLimitMiddleware",
    # Then: they answer hostile input (bad Host, NUL bytes, oversize bodies) in the
    # /v1 envelope and the RFC 6749 shape before anything else reads the request.
    "api.middleware.ApiRequestGuardMiddleware",
    "oauthapps.middleware.OAuthInputGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Browser* ones are Django's, django-csp's and ours, stepping aside for /v1
    # (config.middleware): an API call has no session, sign-in or page to protect.
    "config.middleware.BrowserCSPMiddleware",
    "config.middleware.BrowserSessionMiddleware",
    "api.middleware.ApiTrailingSlashMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "config.middleware.BrowserAuthenticationMiddleware",
    "config.middleware.BrowserWorkspaceMiddleware",
    "config.middleware.BrowserMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Suspends a sensitive POST for re-authentication and resumes it (sudo mode).
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "coherence",
            # Fail fast when Redis is away: rate limiting degrades, requests go on.
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25},
        }
    }
else:
    # Local memory is per process: fine for `make run`, wrong for several workers.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The rate limits' own redis-py client on REDIS_URL (api.ratelimit.RedisCounters),
# failing as fast as the cache's.
RATE_LIMIT_REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Transport security: one switch for redirect, HSTS and Secure cookies.
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS_ONLY
SECURE_HSTS_PRELOAD = HTTPS_ONLY
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
# A branded page that says the session changed and keeps what was typed; JSON under /v1.
CSRF_FAILURE_VIEW = "api.views.errors.csrf_failure"
if TRUSTED_PROXIES:
    # Only behind a proxy that sets it; without TRUSTED_PROXIES the header is ignored.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Secrets never reach a log: configure_logging applies LOGGING and then passes
# every record, from any logger (oauthlib's DEBUG lines included), through
# api.redaction.RedactSecrets; the console handler names it too.
LOGGING_CONFIG = "api.redaction.configure_logging"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "api.redaction.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Email sent through /v1/emails: SMTP when EMAIL_URL is set (e.g.
# smtp+tls://user:password@smtp.example.com:587), else printed to the console.
if env.str("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# Seconds an SMTP connect, read or write may take: a hanging mail server fails
# the send instead of holding a worker forever.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coherence <no-reply@localhost>")
