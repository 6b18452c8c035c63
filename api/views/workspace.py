"""/v1/workspace: the credential's workspace (admin permission or scope)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.context import AuditContext
from accounts.models import Workspace
from accounts.services.workspaces import NAME_LENGTH, workspace_rename
from api.principal import principal_of
from api.schema import ADMIN_FORBIDDEN, ADMIN_ONLY, error_response
from api.serializers import RequiredInPatchSerializer, data_serializer


class WorkspaceSerializer(serializers.Serializer[Workspace]):
    id = serializers.CharField(source="public_id", help_text="ws_...")
    name = serializers.CharField()
    created_at = serializers.DateTimeField()


WorkspaceResponseSerializer = data_serializer("WorkspaceResponseSerializer", WorkspaceSerializer)


class WorkspaceRenameSerializer(RequiredInPatchSerializer):
    name = serializers.CharField(max_length=NAME_LENGTH)


class WorkspaceView(APIView):
    required_grants = "admin"

    @extend_schema(
        tags=["workspace"],
        operation_id="workspace_retrieve",
        summary="Your workspace",
        description=ADMIN_ONLY,
        responses={200: WorkspaceResponseSerializer, 403: ADMIN_FORBIDDEN},
    )
    def get(self, request: Request) -> Response:
        return Response({"data": WorkspaceSerializer(principal_of(request).workspace).data})

    @extend_schema(
        tags=["workspace"],
        operation_id="workspace_update",
        summary="Rename your workspace",
        description=ADMIN_ONLY,
        request=WorkspaceRenameSerializer,
        responses={
            200: WorkspaceResponseSerializer,
            400: error_response("A missing, empty or too long `name`, or an unknown field."),
            403: ADMIN_FORBIDDEN,
        },
    )
    def patch(self, request: Request) -> Response:
        body = WorkspaceRenameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        principal = principal_of(request)
        workspace = workspace_rename(
            workspace=principal.workspace,
            actor=principal.user,
            name=body.validated_data["name"],
            context=AuditContext.from_api(request),
        )
        return Response({"data": WorkspaceSerializer(workspace).data})
