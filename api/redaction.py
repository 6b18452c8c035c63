"""Secrets never reach a log: one filter that redacts them from every record.

What it removes: API keys (`ck_live_...`, `ck_test_...`), OAuth tokens
(`at_...`, `rt_...`), the credential of an `Authorization: Bearer/Basic`
header, and the value of any `code=`, `client_secret=`, `refresh_token=`,
`password=` and the like, as a query string, a form body or a Python or JSON
mapping prints it. Hints such as `ck_live_AbC1…wxYz` are too short to match
and stay readable.

Where it runs: `configure_logging` (Django's LOGGING_CONFIG) applies LOGGING
and then makes every record pass the filter as it is created. A filter named
on a logger in LOGGING would only see records logged on exactly that logger,
not oauthlib's thirty-odd child loggers (`oauthlib.oauth2.rfc6749.endpoints.
token`, ...), and a filter on a handler guards only that handler, not Sentry's
or pytest's. LOGGING still names the filter on the console handler, so what
this process prints is redacted even if a library swaps the record factory.
"""

import logging
import logging.config
import re
from collections.abc import Callable
from typing import Any

REDACTED = "[REDACTED]"

# Names whose value is a secret wherever it appears as name=value or name: value.
_SENSITIVE_NAMES = (
    r"(?:[a-z_]*(?:token|secret)|password\d?|code|code_verifier|device_code|user_code"
    r"|id_token_hint|authorization|sessionid|csrftoken)"
)
_NAME_VALUE = re.compile(
    rf"(?i)(\b{_SENSITIVE_NAMES}\b)"
    r"(\\?[\"']?\s*[=:]\s*(?:[bu]?\\?[\"'])?)"
    # A value already redacted is left alone, so redacting twice changes nothing.
    rf"(?!{re.escape(REDACTED)})"
    r"(?:(?:Bearer|Basic)\s+)?"
    r"[^\s&\"',;)}\]\\]+"
)
_PATTERNS = (
    (_NAME_VALUE, rf"\1\2{REDACTED}"),
    (re.compile(r"\b(ck_(?:live|test)_)[0-9A-Za-z]{8,}"), rf"\1{REDACTED}"),
    (re.compile(r"\b([ar]t_)[0-9A-Za-z]{16,}"), rf"\1{REDACTED}"),
    # A credential after Bearer/Basic has a digit or a base64 sign; prose does not.
    (
        re.compile(r"\b(Bearer|Basic)\s+(?=[\w.~+/=-]*[\d+/=])(?!\[)[\w.~+/=-]{8,}"),
        rf"\1 {REDACTED}",
    ),
)


def redact(text: str) -> str:
    """`text` with every secret this module knows replaced by [REDACTED]."""
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def is_secret_name(name: str) -> bool:
    """Whether a form field or parameter called `name` carries a secret."""
    return re.fullmatch(rf"(?i){_SENSITIVE_NAMES}", name) is not None


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, exception and stack text without secrets; drops nothing."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: leave it for the handler to report
            message = None
        if message is not None:
            clean = redact(message)
            if clean != message:
                record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class _RedactingRecords:
    """A log record factory that redacts each record it makes (the wrapped factory's)."""

    def __init__(self, factory: Callable[..., logging.LogRecord]) -> None:
        self.factory = factory
        self.redactor = RedactSecrets()

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.factory(*args, **kwargs)
        self.redactor.filter(record)
        return record


def _redacting(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    # Configuring logging twice must not wrap the factory twice.
    return factory if isinstance(factory, _RedactingRecords) else _RedactingRecords(factory)


def configure_logging(config: dict[str, Any]) -> None:
    """LOGGING_CONFIG: apply `config`, then redact every record at its creation."""
    logging.config.dictConfig(config)
    logging.setLogRecordFactory(_redacting(logging.getLogRecordFactory()))
