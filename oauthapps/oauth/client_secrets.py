"""Client authentication with a rotated-out secret, while its overlap lasts.

At the token, revocation and introspection endpoints a confidential client
authenticates with its current secret (DOT's check) or, only once that
failed, with the secret the last rotation replaced, until that one expires
(oauthapps.services.secrets): HTTP Basic or the request body alike.
"""

import base64
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus

from django.conf import settings
from oauthlib.common import Request

from oauthapps.models import Application

if TYPE_CHECKING:
    # For the checker, the validator this is mixed into (oauthapps.oauth.validator):
    # its `super()` calls reach DOT's. At run time the mixin stands alone.
    from oauth2_provider.oauth2_validators import OAuth2Validator as ValidatorBase
else:
    ValidatorBase = object


class PreviousSecretValidator(ValidatorBase):
    """The request validator's part of client authentication (oauthapps.oauth.validator
    mixes it in)."""

    def _authenticate_basic_auth(self, request: Request) -> bool:
        if super()._authenticate_basic_auth(request):
            return True
        presented = basic_credentials(self._extract_basic_auth(request), request)
        return presented is not None and self._previous_secret_matches(request, *presented)

    def _authenticate_request_body(self, request: Request) -> bool:
        if super()._authenticate_request_body(request):
            return True
        client_id = getattr(request, "client_id", None)
        secret = getattr(request, "client_secret", None)
        return self._previous_secret_matches(request, client_id, secret)

    def _previous_secret_matches(
        self, request: Request, client_id: str | None, secret: str | None
    ) -> bool:
        """The secret the last rotation replaced, while its overlap lasts.

        Asked only once the current secret failed to match. `request.client` is
        the row DOT loaded for that check, so this costs no query; the check
        itself is DOT's (`check_password`, constant time).
        """
        client = request.client
        if not (isinstance(client, Application) and secret and client.client_id == client_id):
            return False
        if not client.previous_secret_works:
            return False
        matches: bool = self._check_secret(secret, client.previous_client_secret)
        return matches


def basic_credentials(auth_string: str | None, request: Request) -> tuple[str, str] | None:
    """(client_id, secret) from an HTTP Basic credential, decoded as DOT decodes it."""
    if not auth_string:
        return None
    encoding = getattr(request, "encoding", None) or settings.DEFAULT_CHARSET or "utf-8"
    try:
        decoded = base64.b64decode(auth_string).decode(encoding)
        client_id, secret = map(unquote_plus, decoded.split(":", 1))
    except (TypeError, ValueError):  # bad base64 or text, or no colon
        return None
    return client_id, secret
