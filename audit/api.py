"""GET /v1/audit-logs: request logs and security events for a SIEM to export.

Admin only (an admin key or the `admin` scope). Everything is scoped to the
principal's workspace. Request logs are also scoped to the principal's mode,
as every other workspace row is: a test key reads the rows of test-mode
requests, a live key (or an OAuth token) those of live ones. Security events
have no mode (creating a test key is an event of the workspace), so both see
all of the workspace's events.
"""

from typing import Any

from drf_spectacular.utils import (
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.pagination import ListParamsSerializer, limit_field, page_response, page_serializer
from api.principal import principal_of
from api.serializers import ErrorSerializer
from audit.models import AuditEvent, RequestLog
from audit.selectors import (
    TIEBREAK,
    UNINDEXED_ROWS,
    EventFilters,
    RequestLogFilters,
    event_list,
    request_log_list,
    workspace_api_keys,
    workspace_applications,
)
from audit.statuses import FILTER_CLASSES, METHODS

# Log rows are small: a SIEM pulling them gets more per page than other lists give.
DEFAULT_LIMIT = 50
REQUEST_PARAMS = ("key", "app", "status", "method", "path_prefix")
EVENT_PARAMS = ("action",)


class AuditLogParamsSerializer(ListParamsSerializer):
    tiebreak_type = int

    type = serializers.ChoiceField(
        choices=["requests", "events"], default="requests", help_text="What to list."
    )
    key = serializers.CharField(
        required=False, help_text="Requests made with this API key (its id, `key_...`)."
    )
    app = serializers.CharField(
        required=False, help_text="Requests made by this OAuth app (its `client_id`)."
    )
    status = serializers.ChoiceField(
        choices=[status_class.key for status_class in FILTER_CLASSES],
        required=False,
        help_text="A status class: `2xx`, `4xx` (429 excluded), `429` or `5xx`.",
    )
    method = serializers.ChoiceField(choices=METHODS, required=False, help_text="HTTP method.")
    path_prefix = serializers.CharField(
        required=False, max_length=300, help_text="Requests whose path starts with this."
    )
    action = serializers.CharField(
        required=False,
        max_length=64,
        help_text="Events whose action starts with this, e.g. `api_key.` or `oauth.authorized`.",
    )
    since = serializers.DateTimeField(
        required=False,
        help_text=(
            "ISO 8601; rows created at or after it. Request logs filtered by `status`,"
            " `method` or `path_prefix` without `since` cover the 7 days before `until`"
            f" (or now), and at most the workspace's {UNINDEXED_ROWS:,} newest requests in them: to"
            " search further back, pass an earlier `until` or `since`."
        ),
    )
    until = serializers.DateTimeField(required=False, help_text="ISO 8601; rows created before it.")
    limit = limit_field(default=DEFAULT_LIMIT)

    def validate_key(self, value: str) -> int:
        workspace = self.context["principal"].workspace
        key = workspace_api_keys(workspace=workspace).filter(public_id=value).first()
        if key is None:
            raise serializers.ValidationError("No API key with this id in this workspace.")
        return key.pk

    def validate_app(self, value: str) -> int:
        workspace = self.context["principal"].workspace
        app = workspace_applications(workspace=workspace).filter(client_id=value).first()
        if app is None:
            raise serializers.ValidationError("No OAuth app with this client_id in this workspace.")
        return int(app.pk)  # the app model's base class ships no types

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        misplaced, other_type = (
            (EVENT_PARAMS, "events") if data["type"] == "requests" else (REQUEST_PARAMS, "requests")
        )
        errors = {
            name: f"Applies to type={other_type} only."
            for name in misplaced
            if name in self.initial_data
        }
        if data.get("since") and data.get("until") and data["since"] >= data["until"]:
            errors["until"] = "Must be later than `since`."
        if errors:
            raise serializers.ValidationError(errors)
        return data


class AuditTargetSerializer(serializers.Serializer[AuditEvent]):
    type = serializers.CharField(source="target_type", help_text="e.g. `apikey`, `application`")
    id = serializers.CharField(source="target_id", help_text="Its public id, when it has one.")
    # The metaclass lifts fields out of the class, so this shadows no Field.label at run time.
    label = serializers.CharField(source="target_label", help_text="Its name at the time.")  # type: ignore[assignment]


class RequestLogSerializer(serializers.Serializer[RequestLog]):
    id = serializers.CharField(source="request_id", help_text="`req_...`, as in `X-Request-Id`.")
    method = serializers.CharField()
    path = serializers.CharField()
    status = serializers.IntegerField()
    error_code = serializers.CharField(help_text="The error envelope's code; empty on success.")
    livemode = serializers.BooleanField()
    key = serializers.CharField(
        source="api_key.public_id", allow_null=True, help_text="The API key's id, `key_...`."
    )
    app = serializers.CharField(
        source="oauth_application.client_id", allow_null=True, help_text="The OAuth client_id."
    )
    user = serializers.EmailField(source="user.email", allow_null=True)
    ip = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField()
    latency_ms = serializers.IntegerField()
    count = serializers.IntegerField(help_text="Requests folded into this row (usually 1).")
    created_at = serializers.DateTimeField()


class AuditEventSerializer(serializers.Serializer[AuditEvent]):
    id = serializers.CharField(source="public_id", help_text="`evt_...`")
    action = serializers.CharField(help_text="Dotted, e.g. `api_key.created`.")
    actor = serializers.CharField(
        source="actor_label", allow_null=True, help_text="The actor's email at the time."
    )
    target = serializers.SerializerMethodField()
    ip = serializers.IPAddressField(allow_null=True)
    user_agent = serializers.CharField()
    metadata = serializers.JSONField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(AuditTargetSerializer(allow_null=True))
    def get_target(self, event: AuditEvent) -> dict[str, Any] | None:
        return AuditTargetSerializer(event).data if event.target_type else None

    def to_representation(self, event: AuditEvent) -> dict[str, Any]:
        data = super().to_representation(event)
        data["actor"] = data["actor"] or None
        return data


RequestLogPageSerializer = page_serializer("RequestLogPageSerializer", RequestLogSerializer)
AuditEventPageSerializer = page_serializer("AuditEventPageSerializer", AuditEventSerializer)


class AuditLogsView(APIView):
    required_grants = "admin"

    @extend_schema(
        tags=["audit"],
        operation_id="audit_logs_list",
        summary="List request logs or security events, newest first",
        description="Admin permission (API key) or `admin` scope (OAuth). `?type=requests` "
        "(the default) lists the requests made in the caller's mode (live or test); "
        "`?type=events` the workspace's security events.",
        parameters=[AuditLogParamsSerializer],
        responses={
            200: PolymorphicProxySerializer(
                component_name="AuditLogPage",
                serializers=[RequestLogPageSerializer, AuditEventPageSerializer],
                resource_type_field_name=None,
            ),
            400: OpenApiResponse(ErrorSerializer, description="A bad filter, `limit` or `cursor`."),
        },
    )
    def get(self, request: Request) -> Response:
        principal = principal_of(request)
        params = AuditLogParamsSerializer(
            data=request.query_params, context={"principal": principal}
        )
        params.is_valid(raise_exception=True)
        data = params.validated_data
        if data["type"] == "events":
            events = event_list(workspace=principal.workspace, filters=_event_filters(data))
            return page_response(params.page(events, tiebreak=TIEBREAK), AuditEventSerializer)
        requests = request_log_list(
            workspace=principal.workspace, filters=_request_filters(data, principal.livemode)
        )
        return page_response(params.page(requests, tiebreak=TIEBREAK), RequestLogSerializer)


def _request_filters(data: dict[str, Any], livemode: bool) -> RequestLogFilters:
    return RequestLogFilters(
        api_key_id=data.get("key"),
        application_id=data.get("app"),
        status_class=data.get("status"),
        method=data.get("method"),
        path_prefix=data.get("path_prefix"),
        since=data.get("since"),
        until=data.get("until"),
        livemode=livemode,
    )


def _event_filters(data: dict[str, Any]) -> EventFilters:
    return EventFilters(
        action_prefix=data.get("action"), since=data.get("since"), until=data.get("until")
    )
