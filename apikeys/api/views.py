"""/v1/api-keys: list, create, read, change, roll and revoke the workspace's keys.

Admin permission or scope only, and then the key policy (apikeys.policy), as
the services apply it: the caller acts as the credential's user, so an admin
manages every key and may give `admin` only to keys of owners and admins.
Keys are scoped to the caller's mode, as every workspace row is: a test key
sees and manages test keys only, a live credential live keys only; another
mode's or another workspace's key is not found.
"""

from datetime import timedelta

from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.context import AuditContext
from api.pagination import page_response
from api.principal import Principal, principal_of
from apikeys import services
from apikeys.api import schema
from apikeys.api.serializers import (
    ApiKeyCreateSerializer,
    ApiKeyListParamsSerializer,
    ApiKeyRollSerializer,
    ApiKeySerializer,
    ApiKeyUpdateSerializer,
    ApiKeyWithSecretSerializer,
)
from apikeys.models import ApiKey, ApiKeyQuerySet

OTHER_MODE = (
    "A {mode} credential manages {mode} keys only; use a {other} key to create {other} keys."
)


def keys_of(principal: Principal) -> ApiKeyQuerySet:
    """The keys the caller may see: its workspace's, in its mode."""
    return ApiKey.objects.filter(
        workspace=principal.workspace, livemode=principal.livemode
    ).select_related("created_by")


def with_secret(key: ApiKey, secret: str) -> Response:
    body = ApiKeyWithSecretSerializer(key, context={"secret": secret}).data
    return Response({"data": body}, status=status.HTTP_201_CREATED)


def creation_mode(principal: Principal, environment: str | None) -> bool:
    """The new key's livemode: the caller's; asking for the other one is refused."""
    mode = "live" if principal.livemode else "test"
    if environment not in (None, mode):
        other = "test" if principal.livemode else "live"
        raise ValidationError({"environment": [OTHER_MODE.format(mode=mode, other=other)]})
    return principal.livemode


@schema.list_view
class ApiKeyListView(APIView):
    required_grants = "admin"

    def get(self, request: Request) -> Response:
        params = ApiKeyListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        keys = keys_of(principal_of(request))
        if key_status := params.validated_data.get("status"):
            keys = keys.status(key_status)
        return page_response(params.page(keys), ApiKeySerializer)

    def post(self, request: Request) -> Response:
        body = ApiKeyCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        principal = principal_of(request)
        key, secret = services.key_create(
            workspace=principal.workspace,
            actor=principal.user,
            name=data["name"],
            livemode=creation_mode(principal, data.get("environment")),
            permissions=data["permissions"],
            allowed_ips=data["allowed_ips"],
            expires_at=data["expires_at"],
            rate_limit=data["rate_limit"],
            context=AuditContext.from_api(request),
        )
        return with_secret(key, secret)


class KeyScopedView(APIView):
    required_grants = "admin"

    def get_key(self, key_id: str) -> ApiKey:
        key = keys_of(principal_of(self.request)).filter(public_id=key_id).first()
        if key is None:
            raise NotFound("API key not found")
        return key


@schema.detail_view
class ApiKeyDetailView(KeyScopedView):
    def get(self, request: Request, key_id: str) -> Response:
        return Response({"data": ApiKeySerializer(self.get_key(key_id)).data})

    def patch(self, request: Request, key_id: str) -> Response:
        key = self.get_key(key_id)
        body = ApiKeyUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        key = services.key_update(
            key=key,
            actor=principal_of(request).user,
            name=data.get("name"),
            permissions=data.get("permissions"),
            allowed_ips=data.get("allowed_ips"),
            rate_limit=data.get("rate_limit", services.UNCHANGED),
            expires_at=data.get("expires_at", services.UNCHANGED),
            context=AuditContext.from_api(request),
        )
        return Response({"data": ApiKeySerializer(key).data})

    def delete(self, request: Request, key_id: str) -> Response:
        services.key_revoke(
            key=self.get_key(key_id),
            actor=principal_of(request).user,
            context=AuditContext.from_api(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


@schema.roll_view
class ApiKeyRollView(KeyScopedView):
    def post(self, request: Request, key_id: str) -> Response:
        key = self.get_key(key_id)
        body = ApiKeyRollSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        new_key, secret = services.key_roll(
            key=key,
            actor=principal_of(request).user,
            grace=timedelta(seconds=body.validated_data["grace_period_seconds"]),
            context=AuditContext.from_api(request),
        )
        return with_secret(new_key, secret)
