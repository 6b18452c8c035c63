"""The OpenAPI document's view of /v1: the envelope on every operation, the spec's
errors as examples, and the credentials each operation takes.

drf-spectacular's plumbing (ResolvedComponent, force_instance) and AutoSchema's
hooks carry no annotations; its schema objects are JSON (`JsonObject`).
"""

import copy
from collections.abc import Callable
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, force_instance
from drf_spectacular.utils import Direction, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.serializers import Serializer

from api.authentication import (
    INVALID_ACCESS_TOKEN,
    INVALID_KEY,
    TOKEN_EXPIRED,
    BearerAuthenticationMixin,
)
from api.exceptions import MESSAGES, error_body
from api.pagination import ListParamsSerializer
from api.permissions import HasGrant, MissingGrant, needed_grants
from api.principal import grants_for_key_permissions
from api.schema_oauth.objects import JsonObject
from api.schema_oauth.paths import OAUTH2
from api.serializers import ErrorSerializer

ERROR_STATUSES = {
    "400": "Invalid request (validation_error, with details per field)",
    "401": "Missing, invalid, revoked or expired credentials",
    "403": "Insufficient permissions, or the key is used from a disallowed address",
    "404": "Not found",
    "429": "Rate limited; see Retry-After",
}


def example(
    meaning: str, status: int, code: str, message: str, details: object = None
) -> JsonObject:
    return {"summary": f"{code}: {meaning}", "value": error_body(status, code, message, details)}


# The spec's error table, as examples of each status every operation that takes a
# credential may answer (400's is made per operation, naming one of its own fields,
# and so is 403's insufficient_permissions, naming what the operation needs).
# The messages are the API's own, word for word.
ERROR_EXAMPLES = {
    "401": {
        "authentication_failed": example(
            "unknown, malformed, revoked or expired key", 401, "authentication_failed", INVALID_KEY
        ),
        "invalid_access_token": example(
            "unknown or revoked OAuth access token",
            401,
            "authentication_failed",
            INVALID_ACCESS_TOKEN,
        ),
        "token_expired": example(
            "the OAuth access token expired; refresh it", 401, "token_expired", TOKEN_EXPIRED
        ),
        "no_credentials": example(
            "no Authorization header", 401, "authentication_failed", MESSAGES["not_authenticated"]
        ),
    },
    "403": {
        "insufficient_permissions": example(
            "the key's permissions or the token's scopes do not cover this call",
            403,
            "insufficient_permissions",
            MESSAGES["permission_denied"],
        ),
        "ip_not_allowed": example(
            "the key may not be used from this address",
            403,
            "ip_not_allowed",
            "This API key may not be used from 203.0.113.7.",
        ),
    },
    "404": {"not_found": example("no such resource", 404, "not_found", MESSAGES["not_found"])},
    "429": {
        "rate_limited": example(
            "past the credential's requests per minute",
            429,
            "rate_limited",
            "Rate limit exceeded; retry after the window ends. Expected available in 30 seconds.",
        )
    },
}
# The key permissions short of admin, one of which is the example key's in a 403.
NARROW = ("read", "write", "delete")
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds until the window ends.", "schema": {"type": "integer"}}
}

BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key (ck_live_... or ck_test_...) or an OAuth token (at_...). "
    "A key needs the permission of the method: read for GET, write for POST and PATCH, "
    "delete for DELETE, admin for workspace administration; any valid key reads users.",
}


class ApiAutoSchema(AutoSchema):
    """Documents the error envelope on every operation besides its own responses, with
    the spec's errors as examples, and every credential kind the operation takes: the
    bearer scheme it is on the wire, and OAuth with the scopes that suffice."""

    def get_auth(self) -> list[JsonObject]:
        if not self._takes_bearer():
            return super().get_auth()
        self.registry.register_on_missing(
            ResolvedComponent(
                name="bearer",
                type=ResolvedComponent.SECURITY_SCHEMA,
                object=BearerAuthenticationMixin,
                schema=BEARER_SCHEME,
            )
        )
        # The `oauth2` scheme itself is added with the OAuth paths (api.schema_oauth).
        # Scopes in one requirement are all needed; alternatives are requirements of their own.
        scopes = [[grant] for grant in self._grants()] or [[]]
        return [{"bearer": []}, *({OAUTH2: scope} for scope in scopes)]

    def _takes_bearer(self) -> bool:
        return any(
            isinstance(authenticator, BearerAuthenticationMixin)
            for authenticator in self.view.get_authenticators()
        )

    def _grants(self) -> tuple[str, ...]:
        """What HasGrant will ask of this method (api.permissions), any one sufficing."""
        if not any(isinstance(p, HasGrant) for p in self.view.get_permissions()):
            return ()
        return needed_grants(self.method, self.view)

    def _get_response_bodies(self, direction: Direction = "response") -> JsonObject:
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_STATUSES.items():
            if code == "400" and self._reads_nothing():
                continue
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        if self._takes_bearer():
            self._add_error_examples(responses)
        return responses

    def _add_error_examples(self, responses: JsonObject) -> None:
        """The spec's examples, unless the operation declared its own."""
        by_status = {**ERROR_EXAMPLES, "400": self._validation_examples()}
        by_status["403"] = {**ERROR_EXAMPLES["403"], **self._permission_examples()}
        for code, examples in by_status.items():
            media = responses.get(code, {}).get("content", {}).get("application/json")
            if media is not None and examples:
                media.setdefault("examples", copy.deepcopy(examples))
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(RETRY_AFTER)

    def _permission_examples(self) -> JsonObject:
        """HasGrant's refusal of this operation, as a key with one narrow permission
        gets it (an OAuth token's, where any valid key passes)."""
        needed = self._grants()
        if not needed:
            return {}
        route = f"{self.method} {self.path}"
        if grants_for_key_permissions((), manages=False) & set(needed):
            refusal = MissingGrant(kind="oauth", needed=needed, grants={"email:read"}, route=route)
        else:
            lacking = next(
                grants
                for grants in (grants_for_key_permissions((p,), manages=True) for p in NARROW)
                if not grants & set(needed)
            )
            refusal = MissingGrant(kind="api_key", needed=needed, grants=lacking, route=route)
        summary = "the credential lacks what this call needs (details names both)"
        body = example(
            summary, 403, "insufficient_permissions", MESSAGES["permission_denied"], refusal.details
        )
        body["value"]["error"]["reason"] = refusal.reason
        return {"insufficient_permissions": body}

    def _validation_examples(self) -> JsonObject:
        field = self._an_input_field()
        if field is None:
            return {}
        name, required = field
        message = "This field is required." if required else "Invalid value."
        summary = "a field is missing or wrong (details names it)"
        body = example(summary, 400, "validation_error", MESSAGES["invalid"], {name: [message]})
        return {"validation_error": body}

    def _an_input_field(self) -> tuple[str, bool] | None:
        """One field this operation reads, to name in its 400 example: the body's first
        required field (else its first), or its first query parameter."""
        body = self.method in ("POST", "PUT", "PATCH")
        serializer = force_instance(self.get_request_serializer()) if body else None
        if serializer is not None and hasattr(serializer, "fields"):
            serializer = copy.copy(serializer)
            if self.method == "PATCH":
                serializer.partial = True  # as DRF does, unless the serializer refuses
            fields = {
                name: field
                for name, field in getattr(serializer, "fields", {}).items()
                if not field.read_only
            }
            for name, field in fields.items():
                if field.required and not serializer.partial:
                    return name, True
            if fields:
                return next(iter(fields)), False
        for parameter in self.get_override_parameters():
            if isinstance(parameter, OpenApiParameter) and parameter.location == "query":
                return parameter.name, False
            if isinstance(parameter, type) or hasattr(parameter, "fields"):
                names = list(force_instance(parameter).fields)
                if names:
                    return names[0], False
        return None

    def _reads_nothing(self) -> bool:
        """A read or delete without query parameters has no input to refuse (no 400)."""
        if self.method not in ("GET", "DELETE", "HEAD"):
            return False
        return not any(
            isinstance(p, type) or getattr(p, "location", "query") == "query"
            for p in self.get_override_parameters()
        )


# For the admin endpoints' documentation (/v1/workspace, /v1/users, /v1/invitations,
# /v1/api-keys): who may call them, and their errors in words.
ADMIN_ONLY = (
    "Admin permission (API key) or `admin` scope (OAuth); a key acts as its creator, "
    "who must be an owner or admin of the workspace."
)


def error_response(description: str) -> OpenApiResponse:
    """An error status documented with the envelope and what it means here."""
    return OpenApiResponse(ErrorSerializer, description=description)


BAD_PAGE = error_response("A bad `limit` or `cursor` (validation_error).")


def list_operation(
    operation_id: str, summary: str, page: type[Serializer[Any]], **options: Any
) -> Callable[[Any], Any]:
    """A list's documentation: `?limit=&cursor=` in, a page of items out (the
    `page_serializer` given), and 400 for a bad limit or cursor. `options` are
    extend_schema's; more `responses` add to those."""
    responses = {200: page, 400: BAD_PAGE, **options.pop("responses", {})}
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[ListParamsSerializer],
        responses=responses,
        **options,
    )


ADMIN_FORBIDDEN = error_response(
    "Not an admin credential, or the workspace's policy refuses the change "
    "(insufficient_permissions)."
)
