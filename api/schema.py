from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from api.serializers import ErrorSerializer

ERROR_STATUSES = {
    "400": "Invalid request (validation_error, with details per field)",
    "401": "Missing, invalid, revoked or expired credentials",
    "403": "Insufficient permissions, or the key is used from a disallowed address",
    "404": "Not found",
    "429": "Rate limited; see Retry-After",
}


class ApiAutoSchema(AutoSchema):
    """Documents the error envelope on every operation besides its own responses."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in ERROR_STATUSES.items():
            if code == "400" and self.method in ("GET", "DELETE", "HEAD"):
                continue
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = description
                responses[code] = response
        return responses


class BearerScheme(OpenApiAuthenticationExtension):
    """Every credential kind is a bearer token; one security scheme covers them."""

    target_class = "api.authentication.BearerAuthenticationMixin"
    match_subclasses = True
    name = "bearer"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key (ck_live_... or ck_test_...) or an OAuth token (at_...)",
        }
