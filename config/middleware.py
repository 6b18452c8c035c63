"""The browser's middleware, skipping /v1.

A JSON API called with bearer credentials has no session, signed-in user,
messages, current workspace or HTML to protect with a content policy; running
that middleware anyway was about a third of an API request's time in process
(`python -m bench.per_request`). Each class here is the library's own, asked
to step aside for /v1 paths; subclasses rather than a wrapper, so that
Django's and the admin's checks still find them in MIDDLEWARE, and so that
their process_view and process_exception hooks run as before.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

from csp.middleware import CSPMiddleware
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponseBase

from accounts.current import CurrentWorkspaceMiddleware
from api.paths import is_api_path

# What /v1 answers instead of the pages' policy: JSON loads nothing and frames nothing.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"


if TYPE_CHECKING:
    # What the mixin is mixed into: a middleware class, as the checker sees it.
    from django.utils.deprecation import MiddlewareMixin as _Middleware
else:
    _Middleware = object


class _BrowserOnly(_Middleware):
    get_response: Callable[[HttpRequest], HttpResponseBase]

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if is_api_path(request.path_info):
            return self.api_response(request)
        return super().__call__(request)  # type: ignore[return-value]

    def api_response(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)


class BrowserSessionMiddleware(_BrowserOnly, SessionMiddleware):
    pass


class BrowserAuthenticationMiddleware(_BrowserOnly, AuthenticationMiddleware):
    pass


class BrowserMessageMiddleware(_BrowserOnly, MessageMiddleware):
    pass


class BrowserWorkspaceMiddleware(_BrowserOnly, CurrentWorkspaceMiddleware):
    pass


class BrowserCSPMiddleware(_BrowserOnly, CSPMiddleware):
    def api_response(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", API_CONTENT_SECURITY_POLICY)
        return response
