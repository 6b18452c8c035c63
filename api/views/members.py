"""/v1/users: the members of the credential's workspace."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Membership


class MemberSerializer(serializers.Serializer):
    id = serializers.CharField(source="user.public_id", help_text="usr_...")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.name")
    role = serializers.CharField(help_text="owner, admin or member")


class MemberListResponseSerializer(serializers.Serializer):
    data = MemberSerializer(many=True)
    has_more = serializers.BooleanField(help_text="Always false: a workspace's members fit.")
    next_cursor = serializers.CharField(allow_null=True)


class MemberListView(APIView):
    required_grants = {"GET": ("users:read", "read")}

    @extend_schema(
        tags=["users"],
        operation_id="users_list",
        summary="The members of your workspace",
        responses=MemberListResponseSerializer,
    )
    def get(self, request):
        members = (
            Membership.objects.filter(workspace=request.auth.workspace, user__is_active=True)
            .select_related("user")
            .order_by("created_at", "id")
        )
        return Response(
            {
                "data": MemberSerializer(members, many=True).data,
                "has_more": False,
                "next_cursor": None,
            }
        )
