from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request

from accounts.client_ip import client_ip
from accounts.models import User, role_manages
from api.account import charge_if_current
from api.authentication import (
    BearerAuthenticationMixin,
    accepted,
    bearer_token,
    identified,
    unrecognised,
)
from api.credential_cache import GENERATION, current_generation, verified
from api.principal import Principal, grants_for_key_permissions, rate_identity
from apikeys import keys
from apikeys.models import ApiKey


class ApiKeyAuthentication(BearerAuthenticationMixin, BaseAuthentication):
    """`Authorization: Bearer ck_live_...` or `ck_test_...`.

    A malformed key (wrong length, alphabet or checksum) is refused before any
    query or cache read; a well-formed one is parsed once, here. A key this
    process verified before is taken from api.credential_cache if the
    credentials generation has not moved since (checked in the same Redis
    round trip that charges it): no query. Otherwise a single indexed lookup by
    digest, read after the generation, so a revocation holds from the very
    next request everywhere.
    """

    def authenticate(self, request: Request) -> tuple[User, Principal] | None:
        token = bearer_token(request)
        if token is None or not keys.looks_like_key(token):
            return None
        parsed = keys.parse(token)
        if parsed is None:
            raise unrecognised(request)
        digest = parsed.digest
        cached = verified.get(digest, ApiKey)
        already_read = None  # the generation, when a failed check read it
        if cached is not None and not cached.credential.is_expired:
            principal = _principal(cached.credential)
            found = charge_if_current(request, principal, GENERATION, cached.generation)
            if found.state is not None:
                return _accept(request, cached.credential, principal)
            already_read = found.guard_value  # read before the lookup below, as it must be
        if cached is not None:
            verified.drop(digest)
        generation = current_generation(already_read)
        key = ApiKey.objects.verify(parsed)
        if key is None:
            raise unrecognised(request)
        if generation is not None:
            verified.put(digest, key, generation)
        principal = _principal(key)
        # Charged and named before the address check, which may refuse it.
        identified(request, principal)
        return _accept(request, key, principal)


def _principal(key: ApiKey) -> Principal:
    return Principal(
        user=key.created_by,
        workspace=key.workspace,
        livemode=key.livemode,
        grants=grants_for_key_permissions(key.permissions, manages=role_manages(key.creator_role)),
        credential=key,
        kind="api_key",
        rate_limit=key.rate_limit,
        rate_identity=rate_identity("api_key", key.pk),
    )


def _accept(request: Request, key: ApiKey, principal: Principal) -> tuple[User, Principal]:
    ip = client_ip(request)
    if not key.allows_ip(ip):
        raise PermissionDenied(
            f"This API key may not be used from {ip or 'an unknown address'}.",
            code="ip_not_allowed",
        )
    key.touch(ip)
    return key.created_by, accepted(request, principal)
