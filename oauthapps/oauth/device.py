"""The device authorization grant (RFC 8628) in oauthlib, fitted to this server.

- Only an app that enabled the grant (`Application.device_flow_enabled`) may
  start it: any other client is `unauthorized_client`, here as at the token
  endpoint. oauthlib checks the grant type only when the device polls.
- oauthlib's endpoint hands the codes back without keeping them; this one has
  the validator store them (`save_device_authorization`) before it answers,
  so a device never polls with a code the server does not know.
- `verification_uri` is the issuer's, and the issuer may follow the request's
  host (DEBUG): oauthapps.views.device adds it, and the URI with the code.
- A poll is answered from the grant's row (`DeviceGrantValidator`): pending,
  `slow_down` when it came before the interval was up, `expired_token`,
  `access_denied`, or, once allowed, one token pair bound to the workspace
  the user chose. Which poll gets that pair is decided by one conditional
  UPDATE; any other poll, at the same moment or later, is `invalid_grant`.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from oauthlib.common import Request, generate_token
from oauthlib.oauth2.rfc6749 import errors
from oauthlib.oauth2.rfc6749.endpoints.base import catch_errors_and_unavailability
from oauthlib.oauth2.rfc6749.request_validator import RequestValidator
from oauthlib.oauth2.rfc8628.endpoints import DeviceAuthorizationEndpoint
from oauthlib.oauth2.rfc8628.grant_types import DeviceCodeGrant as OAuthlibDeviceCodeGrant

from accounts.models import Membership
from oauthapps.device import normalize
from oauthapps.models import Consent, DeviceGrant
from oauthapps.oauth.client_secrets import basic_credentials

if TYPE_CHECKING:
    # For the checker, the validator this is mixed into (oauthapps.oauth.validator):
    # its `super()` calls reach DOT's. At run time the mixin stands alone.
    from oauth2_provider.oauth2_validators import OAuth2Validator as ValidatorBase
else:
    ValidatorBase = object

DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
# A new user code is drawn up to this many times, should the ones drawn be taken.
USER_CODE_ATTEMPTS = 3
# RFC 8628 section 3.5: each `slow_down` lengthens the interval by 5 seconds.
SLOW_DOWN_SECONDS = 5
# Polls are timed on arrival; one that arrives this much early is still on time.
POLL_LEEWAY = timedelta(milliseconds=500)

_Method = TypeVar("_Method", bound=Callable[..., Any])


def device_code_digest(device_code: str) -> str:
    return hashlib.sha256(device_code.encode("utf-8", "surrogatepass")).hexdigest()


class DeviceCodeGrant(OAuthlibDeviceCodeGrant):
    # What `validate_device_code` answers: oauthlib's constants, named here with their type.
    DEVICE_CODE_AUTHORIZED: str
    DEVICE_CODE_PENDING: str
    DEVICE_CODE_SLOW_DOWN: str
    DEVICE_CODE_EXPIRED: str
    DEVICE_CODE_DENIED: str

    def validate_device_authorization_request(self, request: Request) -> None:
        validator = self.request_validator
        # RFC 8628 section 3.1 asks only a client that does not authenticate for
        # its client_id; oauthlib asks every one, so HTTP Basic's names it. The
        # secret is checked once, by oauthlib below: a wrong one is `invalid_client`.
        if not request.client_id:
            presented = basic_credentials(validator._extract_basic_auth(request), request)
            request.client_id = presented[0] if presented else None
        # An unknown client is RFC 6749's 401 `invalid_client`, as at the token
        # endpoint, not oauthlib's 400 `invalid_request`.
        if request.client_id and not validator.validate_client_id(request.client_id, request):
            raise errors.InvalidClientError(request=request)
        super().validate_device_authorization_request(request)
        if not validator.validate_grant_type(
            request.client_id, DEVICE_CODE_GRANT, request.client, request
        ):
            raise errors.UnauthorizedClientError(
                description="This app has not enabled the device flow.", request=request
            )


def _catching_errors(method: _Method) -> _Method:
    """oauthlib's `catch_errors_and_unavailability`, which keeps the signature it wraps
    (oauthlib ships no types, so the checker cannot see that)."""
    wrapped: _Method = catch_errors_and_unavailability(method)
    return wrapped


class DeviceAuthorizationServer(DeviceAuthorizationEndpoint):
    """/oauth/device_authorization's oauthlib side (RFC 8628 section 3.1 and 3.2)."""

    def __init__(
        self,
        request_validator: RequestValidator,
        interval: int = 5,
        user_code_generator: Callable[[], str] | None = None,
        **_options: Any,
    ) -> None:
        super().__init__(
            request_validator,
            verification_uri="",  # the view's: see the module docstring
            expires_in=settings.OAUTH_DEVICE_CODE_EXPIRE_SECONDS,
            interval=interval,
            user_code_generator=user_code_generator,
        )
        self.device_code_grant = DeviceCodeGrant(request_validator)

    @_catching_errors
    def create_device_authorization_response(
        self,
        uri: str,
        http_method: str = "POST",
        body: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[dict[str, str], dict[str, Any], int]:
        request = Request(uri, http_method, body, headers)
        self.validate_device_authorization_request(request)
        codes: dict[str, Any] = {
            "device_code": generate_token(),
            "expires_in": self.expires_in,
            "interval": self.interval,
        }
        for _attempt in range(USER_CODE_ATTEMPTS):
            codes["user_code"] = self.user_code_generator()
            if self.request_validator.save_device_authorization(codes, request):
                break
        else:
            raise errors.ServerError(description="No free user code; try again.", request=request)
        return {}, {**codes, "scope": " ".join(request.scopes)}, 200


class DeviceGrantValidator(ValidatorBase):
    """The request validator's part of the device flow (oauthapps.oauth.validator mixes it in)."""

    def save_device_authorization(self, codes: dict[str, Any], request: Request) -> bool:
        """Keep a new device grant; False when its user code is taken (draw another)."""
        try:
            with transaction.atomic():
                DeviceGrant.objects.create(
                    application=request.client,
                    client_id=request.client.client_id,
                    device_code=device_code_digest(codes["device_code"]),
                    user_code=normalize(codes["user_code"]),
                    scope=" ".join(request.scopes),
                    interval=codes["interval"],
                    expires=timezone.now() + timedelta(seconds=codes["expires_in"]),
                )
        except IntegrityError:
            return False
        return True

    def validate_device_code(
        self, client_id: str, code: str, request: Request, *args: Any, **kwargs: Any
    ) -> str | None:
        grant = (
            DeviceGrant.objects.select_related("user")
            .filter(device_code=device_code_digest(code), application=request.client)
            .first()
        )
        if grant is None or grant.redeemed_at is not None:
            return None  # invalid_grant: unknown, another app's, or used
        now = timezone.now()
        if grant.expires <= now or grant.status == grant.EXPIRED:
            return DeviceCodeGrant.DEVICE_CODE_EXPIRED
        if grant.status == grant.DENIED:
            return DeviceCodeGrant.DEVICE_CODE_DENIED
        if grant.status == grant.AUTHORIZED:
            return self._device_authorized(grant, request)
        if _on_time(grant, now):
            return DeviceCodeGrant.DEVICE_CODE_PENDING
        return DeviceCodeGrant.DEVICE_CODE_SLOW_DOWN

    def _device_authorized(self, grant: DeviceGrant, request: Request) -> str | None:
        """Tokens for an allowed grant, while what the user allowed still stands."""
        user, scopes = grant.user, grant.scope.split()
        if user is None or not user.is_active:
            return None
        if not Membership.objects.filter(user=user, workspace_id=grant.workspace_id).exists():
            return None  # they left the workspace they chose
        consent = Consent.objects.filter(
            user=user, application_id=grant.application_id, workspace_id=grant.workspace_id
        ).first()
        if consent is None or not consent.covers(scopes):
            return None  # revoked under Authorized apps since they allowed it
        request.device_grant = grant
        request.user = user
        request.scopes = scopes
        request.workspace_id = grant.workspace_id
        return DeviceCodeGrant.DEVICE_CODE_AUTHORIZED

    def save_bearer_token(
        self, token: dict[str, Any], request: Request, *args: Any, **kwargs: Any
    ) -> None:
        """For a device, save the pair only if this poll is the one that redeems the grant."""
        if request.grant_type != DEVICE_CODE_GRANT:
            super().save_bearer_token(token, request, *args, **kwargs)
            return
        with transaction.atomic():
            redeemed = DeviceGrant.objects.filter(
                pk=request.device_grant.pk,
                status=DeviceGrant.AUTHORIZED,
                redeemed_at__isnull=True,
            ).update(redeemed_at=timezone.now())
            if not redeemed:
                raise errors.InvalidGrantError(
                    description="This device code has been used.", request=request
                )
            self._save_bearer_token(token, request, *args, **kwargs)


def _on_time(grant: DeviceGrant, now: datetime) -> bool:
    """Record a pending grant's poll; False, and a longer interval, when it came too soon.

    One conditional UPDATE decides, so of polls that arrive together one is on time.
    """
    wait = timedelta(seconds=grant.interval) - POLL_LEEWAY
    due = Q(last_polled_at__isnull=True) | Q(last_polled_at__lte=now - wait)
    polls = DeviceGrant.objects.filter(due, pk=grant.pk, interval=grant.interval)
    if polls.update(last_polled_at=now):
        return True
    DeviceGrant.objects.filter(pk=grant.pk).update(
        interval=F("interval") + SLOW_DOWN_SECONDS, last_polled_at=now
    )
    return False
