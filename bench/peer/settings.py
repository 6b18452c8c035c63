"""The peer: djangorestframework-api-key 3.x on the same Django and DRF, for bench.peer_api.

Installed only into a temporary directory on PYTHONPATH at bench time, never a
project dependency. As close to a stock drf-api-key project as the endpoint
shape allows: the middleware a startproject gives an API, one HasAPIKey view.
"""

import os

import environ

SECRET_KEY = "peer-bench-only-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.peer.urls"
WSGI_APPLICATION = "bench.peer.wsgi.application"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "rest_framework",
    "rest_framework_api_key",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]
DATABASES = {"default": environ.Env.db_url_config(os.environ["PEER_DATABASE_URL"])}
DATABASES["default"]["CONN_MAX_AGE"] = None  # kept, as ours are
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework_api_key.permissions.HasAPIKey"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": None,
}
