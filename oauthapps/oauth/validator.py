"""DOT's request validator, extended for workspaces, code reuse and PKCE downgrade.

- Codes and tokens carry the workspace chosen on the consent page; refreshed
  tokens inherit it from the refresh token.
- A code is marked redeemed instead of deleted, so that a second use is
  recognised: it is refused, and every token issued from the code is revoked
  (RFC 6749 section 4.1.2). The first refresh token of an exchange starts the
  token family named on the code, so revoking that family is one statement.
- A code_verifier sent for a code issued without a code_challenge is refused
  (RFC 9700 section 2.1.1, PKCE downgrade).
- A redirect_uri that differs from the authorization request's is
  `invalid_grant` (RFC 6749 section 5.2), not oauthlib's `invalid_request`.
- A refresh is decided under a lock on the refresh token's row: of concurrent
  refreshes of one token exactly one rotates it, and every other one is a
  reuse (see `save_bearer_token`).
- A client authenticates with its current secret or, while a rotation's
  overlap lasts, with the previous one: oauthapps.oauth.client_secrets's
  (`PreviousSecretValidator`).
- OpenID Connect's part (claims, ID token signing, userinfo) is
  oauthapps.oidc.validator's; codes keep the request's nonce for the ID token.
- The device flow's codes and polls are oauthapps.oauth.device's
  (`DeviceGrantValidator`).
"""

import hashlib
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from oauth2_provider.oauth2_validators import OAuth2Validator as DOTValidator
from oauth2_provider.settings import oauth2_settings
from oauthlib.common import Request
from oauthlib.oauth2.rfc6749 import errors

from accounts.models import Membership
from oauthapps.models import AccessToken, Application, Grant, RefreshToken
from oauthapps.oauth.client_secrets import PreviousSecretValidator
from oauthapps.oauth.device import DeviceGrantValidator
from oauthapps.oidc.validator import OpenIDConnectValidatorMixin
from oauthapps.services.authorizations import authorization_code_reused
from oauthapps.services.refresh_tokens import refresh_token_reused


class OAuth2Validator(
    PreviousSecretValidator, DeviceGrantValidator, OpenIDConnectValidatorMixin, DOTValidator
):
    # Authorization endpoint.

    def _create_authorization_code(
        self, request: Request, code: dict[str, str], expires: datetime | None = None
    ) -> Grant:
        workspace = getattr(request, "workspace", None)
        if workspace is None:
            raise errors.ServerError("No workspace chosen for this authorization.")
        if request.code_challenge and request.code_challenge_method != "S256":
            raise errors.InvalidRequestError('Use code_challenge_method "S256".', request=request)
        lifetime = timedelta(seconds=oauth2_settings.AUTHORIZATION_CODE_EXPIRE_SECONDS)
        return Grant.objects.create(
            application=request.client,
            user=request.user,
            workspace=workspace,
            code=code["code"],
            expires=expires or timezone.now() + lifetime,
            redirect_uri=request.redirect_uri,
            scope=" ".join(request.scopes),
            code_challenge=request.code_challenge or "",
            code_challenge_method=request.code_challenge_method or "",
            nonce=request.nonce or "",  # OpenID Connect: echoed in the ID token
            claims=json.dumps(request.claims or {}),
        )

    # Token endpoint: exchanging a code.

    def validate_code(
        self,
        client_id: str,
        code: str,
        client: Application,
        request: Request,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        grant = (
            Grant.objects.select_related("user", "application")
            .filter(code=code, application=client)
            .first()
        )
        if grant is None:
            return False
        if grant.redeemed_at is not None:
            authorization_code_reused(grant=grant)
            return False
        if grant.is_expired() or not grant.user.is_active:
            return False
        request.grant = grant
        request.scopes = grant.scope.split(" ")
        request.user = grant.user
        request.workspace_id = grant.workspace_id
        return True

    def _grant(self, code: str, request: Request) -> Grant:
        grant = getattr(request, "grant", None)
        if grant is None or grant.code != code:
            grant = Grant.objects.get(code=code, application=request.client)
        return grant

    def get_code_challenge(self, code: str, request: Request) -> str | None:
        challenge = self._grant(code, request).code_challenge or None
        if challenge is None and request.code_verifier:
            raise errors.InvalidGrantError(
                description="code_verifier sent, but the authorization had no code_challenge.",
                request=request,
            )
        return challenge

    def get_code_challenge_method(self, code: str, request: Request) -> str | None:
        return self._grant(code, request).code_challenge_method or None

    def confirm_redirect_uri(
        self,
        client_id: str,
        code: str,
        redirect_uri: str,
        client: Application,
        request: Request,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if not self._grant(code, request).redirect_uri_allowed(redirect_uri):
            # The code was issued for another redirect URI: the grant is what is
            # wrong (RFC 6749 section 5.2), not the request's syntax.
            raise errors.InvalidGrantError(
                description="redirect_uri does not match the authorization request.",
                request=request,
            )
        return True

    def invalidate_authorization_code(
        self, client_id: str, code: str, request: Request, *args: Any, **kwargs: Any
    ) -> None:
        redeemed = Grant.objects.filter(
            code=code, application=request.client, redeemed_at__isnull=True
        ).update(redeemed_at=timezone.now())
        if not redeemed:
            # Another exchange of this code won the race: neither keeps its tokens.
            authorization_code_reused(grant=self._grant(code, request))
            raise errors.InvalidGrantError(request=request)

    # Token endpoint: refreshing.

    def validate_refresh_token(
        self,
        refresh_token: str,
        client: Application,
        request: Request,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        # The row stays locked through DOT's check too: a refresh rotating it in
        # between would leave DOT to end the family itself, with no security event.
        with transaction.atomic():
            presented = _refresh_token_row(refresh_token)
            if presented is not None and presented.revoked is not None:
                # Rotated (or revoked) already: a replay. No grace period, see save_bearer_token.
                refresh_token_reused(token=presented)
                return False
            if not super().validate_refresh_token(refresh_token, client, request, *args, **kwargs):
                return False
        token = request.refresh_token_instance
        still_member = Membership.objects.filter(
            user_id=token.user_id, workspace_id=token.workspace_id
        ).exists()
        if not (still_member and token.user.is_active):
            return False
        request.workspace_id = token.workspace_id
        # The new access token carries on the old one's "last used" for Authorized apps.
        previous = token.access_token
        request.last_used_at = previous.last_used_at if previous is not None else None
        return True

    # Saving tokens.

    def save_bearer_token(
        self, token: dict[str, Any], request: Request, *args: Any, **kwargs: Any
    ) -> None:
        """Save the new pair; for a refresh, only while holding the old token's row.

        Concurrent refreshes of one token all pass validation; the row lock
        lets one rotate it, and each other one finds it revoked once the
        winner commits. That loser gets `invalid_grant` and counts as a reuse,
        which revokes the family, the winner's new pair included: the server
        cannot tell a client refreshing twice from a thief racing it (RFC 9700
        section 4.14.2), and a grace period that let the loser off would be
        the window in which a thief who wins keeps the session unnoticed.
        DOT's own grace path hands back the earlier pair's stored text, blank
        under hashed storage, so there is no pair to hand back anyway. Clients
        must send one refresh at a time (README: "Refresh tokens").
        """
        if request.grant_type != "refresh_token":
            return super().save_bearer_token(token, request, *args, **kwargs)
        presented = request.refresh_token_instance
        with transaction.atomic():
            live = (
                RefreshToken.objects.select_for_update()
                .filter(pk=presented.pk, revoked__isnull=True)
                .first()
            )
            if live is not None:
                request.refresh_token_instance = live
                self._save_bearer_token(token, request, *args, **kwargs)
                return
        # Outside the transaction, so the revocation stays when the error is raised.
        refresh_token_reused(token=presented)
        raise errors.InvalidGrantError(request=request)

    def _create_access_token(
        self,
        expires: datetime,
        request: Request,
        token: dict[str, Any],
        source_refresh_token: RefreshToken | None = None,
    ) -> AccessToken:
        access_token = AccessToken(
            user=request.user,
            workspace_id=request.workspace_id,
            scope=token["scope"],
            expires=expires,
            application=request.client,
            source_refresh_token=source_refresh_token,
            resource=getattr(request, "resource", []),
            last_used_at=getattr(request, "last_used_at", None),
            id_token=getattr(request, "id_token", None),  # the one issued with it, if any
        )
        self._set_token_value(access_token, token["access_token"])
        access_token.save()
        return access_token

    def _create_refresh_token(
        self,
        request: Request,
        refresh_token_code: str,
        access_token: AccessToken,
        previous: RefreshToken | None,
    ) -> RefreshToken:
        if previous is not None:
            family = previous.token_family
        else:
            grant = getattr(request, "grant", None)
            family = grant.token_family if grant is not None else uuid.uuid4()
        refresh_token = RefreshToken(
            user=request.user,
            workspace_id=request.workspace_id,
            application=request.client,
            access_token=access_token,
            token_family=family,
            resource=getattr(request, "resource", []),
        )
        self._set_token_value(refresh_token, refresh_token_code)
        refresh_token.save()
        return refresh_token


def _refresh_token_row(raw: str) -> RefreshToken | None:
    """The row for a presented refresh token, preferring a live one, as DOT looks it up;
    locked until the caller's transaction ends."""
    checksum = hashlib.sha256(raw.encode()).hexdigest()
    return (
        RefreshToken.objects.select_related("application", "user", "workspace")
        .select_for_update(of=("self",))
        .filter(token_checksum=checksum)
        .order_by(F("revoked").desc(nulls_first=True))
        .first()
    )
