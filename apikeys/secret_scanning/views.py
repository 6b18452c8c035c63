"""The endpoint GitHub posts to, in its partner format (docs.github.com: "Secret
scanning partner program"):

    [{"token": "ck_live_...", "type": "coherence_api_key", "url": "...", "source": "content"}]

answered with one entry per match, in GitHub's false-positive feedback format:

    [{"token_hash": "<sha256 hex>", "token_type": "coherence_api_key", "label": "true_positive"}]

`token_hash` rather than `token_raw`: GitHub accepts either, and the answer
then never carries a key. No API key or OAuth token is asked for (the caller
is GitHub, proven by the signature); errors keep the /v1 envelope.
"""

import json
from typing import Any

from drf_spectacular.utils import Direction, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from accounts.context import AuditContext
from api.schema import ApiAutoSchema, error_response
from apikeys.secret_scanning.services import (
    FALSE_POSITIVE,
    TRUE_POSITIVE,
    Match,
    leaked_keys_report,
)
from apikeys.secret_scanning.signatures import MAX_BODY_BYTES, GitHubSignatureAuthentication

MAX_MATCHES = 1000


# A serializer is a Field to the stubs, so a field named like a Field attribute
# (`source`, `label`) reads as overriding it; the metaclass takes fields out of the
# class, so nothing is overridden.
class MatchSerializer(serializers.Serializer[dict[str, str]]):
    # Unknown fields are ignored, not refused: the partner's format may grow.
    token = serializers.CharField(max_length=1000, trim_whitespace=False)
    type = serializers.CharField(max_length=200)
    url = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=100, required=False, allow_blank=True, default=""
    )


class LabelSerializer(serializers.Serializer[dict[str, str]]):
    token_hash = serializers.CharField(help_text="SHA-256 of the token, in hex.")
    token_type = serializers.CharField(help_text="The `type` of the match, as reported.")
    label = serializers.ChoiceField(  # type: ignore[assignment]
        choices=[TRUE_POSITIVE, FALSE_POSITIVE]
    )


class SecretScanningSchema(ApiAutoSchema):
    # The envelope's generic 401 is about bearer credentials, which this endpoint never asks for.
    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        responses.pop("401", None)
        return responses


def matches_in(body: bytes) -> list[Match]:
    try:
        data = json.loads(body)
    except ValueError as error:
        raise ParseError("The report is not JSON.") from error
    matches: serializers.ListSerializer[dict[str, str]] = serializers.ListSerializer(
        child=MatchSerializer(), data=data, max_length=MAX_MATCHES, allow_empty=False
    )
    matches.is_valid(raise_exception=True)
    return [Match(**item) for item in matches.validated_data]


class SecretScanningReportView(APIView):
    authentication_classes = [GitHubSignatureAuthentication]
    permission_classes: list[type[BasePermission]] = []  # the signature is the whole check
    throttle_classes: list[type[BaseThrottle]] = []
    schema = SecretScanningSchema()

    @extend_schema(
        operation_id="secret_scanning_report",
        summary="Report leaked API keys (GitHub secret scanning)",
        description=(
            "For GitHub's secret scanning partner program. The body is signed with ECDSA "
            "P-256 (Github-Public-Key-Identifier, Github-Public-Key-Signature). Every real key "
            "reported is revoked at once and its creator and the workspace's owners are "
            f"emailed. At most {MAX_MATCHES} matches and {MAX_BODY_BYTES} bytes per report."
        ),
        tags=["Secret scanning"],
        request=MatchSerializer(many=True),
        responses={
            200: LabelSerializer(many=True),
            403: error_response("Missing or invalid signature (invalid_signature)."),
            413: error_response("The report is over the size limit (payload_too_large)."),
        },
        # drf-spectacular's hint says names; it takes security requirement objects.
        auth=[{"githubSignature": []}],  # type: ignore[list-item]
    )
    def post(self, request: Request) -> Response:
        matches = matches_in(request.body)
        context = AuditContext.from_request(request, via="secret_scanning")
        labels = leaked_keys_report(matches=matches, context=context)
        answer = [
            {"token_hash": match.token_hash, "token_type": match.type, "label": label}
            for match, label in zip(matches, labels, strict=True)
        ]
        return Response(answer)
