"""/v1/workspace: the credential's workspace (admin permission or scope)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.context import AuditContext
from accounts.services.workspaces import NAME_LENGTH, workspace_rename
from api.schema import ADMIN_FORBIDDEN, ADMIN_ONLY, error_response
from api.serializers import RequiredInPatchSerializer


class WorkspaceSerializer(serializers.Serializer):
    id = serializers.CharField(source="public_id", help_text="ws_...")
    name = serializers.CharField()
    created_at = serializers.DateTimeField()


class WorkspaceResponseSerializer(serializers.Serializer):
    data = WorkspaceSerializer()


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
    def get(self, request):
        return Response({"data": WorkspaceSerializer(request.auth.workspace).data})

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
    def patch(self, request):
        body = WorkspaceRenameSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        workspace = workspace_rename(
            workspace=request.auth.workspace,
            actor=request.auth.user,
            name=body.validated_data["name"],
            context=AuditContext.from_api(request),
        )
        return Response({"data": WorkspaceSerializer(workspace).data})
