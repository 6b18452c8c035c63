from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from drf_spectacular.utils import OpenApiResponse

from api.authentication import BearerAuthenticationMixin
from api.serializers import ErrorSerializer

ERROR_STATUSES = {
    "400": "Invalid request (validation_error, with details per field)",
    "401": "Missing, invalid, revoked or expired credentials",
    "403": "Insufficient permissions, or the key is used from a disallowed address",
    "404": "Not found",
    "429": "Rate limited; see Retry-After",
}

BEARER_SCHEME = {
    "type": "http",
    "scheme": "bearer",
    "description": "An API key (ck_live_... or ck_test_...) or an OAuth token (at_...)",
}


class ApiAutoSchema(AutoSchema):
    """Documents the error envelope on every operation besides its own responses,
    and every credential kind as the one bearer scheme it is on the wire."""

    def get_auth(self):
        if not any(
            isinstance(authenticator, BearerAuthenticationMixin)
            for authenticator in self.view.get_authenticators()
        ):
            return super().get_auth()
        self.registry.register_on_missing(
            ResolvedComponent(
                name="bearer",
                type=ResolvedComponent.SECURITY_SCHEMA,
                object=BearerAuthenticationMixin,
                schema=BEARER_SCHEME,
            )
        )
        return [{"bearer": []}]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_STATUSES.items():
            if code == "400" and self._reads_nothing():
                continue
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses

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


def error_response(description: str):
    """An error status documented with the envelope and what it means here."""
    return OpenApiResponse(ErrorSerializer, description=description)


ADMIN_FORBIDDEN = error_response(
    "Not an admin credential, or the workspace's policy refuses the change "
    "(insufficient_permissions)."
)
