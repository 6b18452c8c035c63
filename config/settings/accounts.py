"""Accounts: the user model, sign-in (django-allauth), passwords and two-factor."""

from config.settings.base import HTTPS_ONLY

AUTH_USER_MODEL = "accounts.User"
# allauth's backend alone: Django's ModelBackend would also accept the email and
# hash the password a second time on every failed sign-in.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "apikeys:list"
LOGOUT_REDIRECT_URL = "login"

# Sign-in, signup, verification, reset, 2FA and sudo mode: django-allauth (README:
# "Account security"). Email is the login; the User model has no username.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_UNIQUE_EMAIL = True
# Optional: an unverified account signs in, but makes no live keys and sends no email.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Coherence: "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if HTTPS_ONLY else "http"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Sudo mode: sensitive changes ask for the password (or a 2FA code) again when the
# last sign-in or re-authentication is older than this (seconds).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 600
# Failed sign-ins, in the cache the rate limits already use: 5 per account and
# 20 per client address in any 5 minutes. A refused attempt hashes no password.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/5m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"  # secrets encrypted at rest
MFA_TOTP_ISSUER = "Coherence"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    # Last, so no password ever uses it: OAuth client secrets only (CLIENT_SECRET_HASHER).
    "oauthapps.hashers.ClientSecretHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
