"""/v1/users: the members of the credential's workspace; admins change and remove them.

Listing needs only a valid credential (`users:read` or `read`); changing a
role or removing someone needs the admin permission or scope, and then the
same rules as Settings > Team (accounts.services.members): an admin cannot
touch the owner, and removing yourself is leaving.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.context import AuditContext
from accounts.models import Membership
from accounts.selectors import workspace_members
from accounts.services.members import member_change_role, member_remove
from api.pagination import ListParamsSerializer, page_response, page_serializer
from api.principal import principal_of
from api.schema import ADMIN_FORBIDDEN, ADMIN_ONLY, error_response, list_operation
from api.serializers import RequiredInPatchSerializer, data_serializer

# Members are listed in the order they joined; users join a workspace once.
TIEBREAK = "user__public_id"
USER_PARAMETER = OpenApiParameter(
    "user_id", str, OpenApiParameter.PATH, description="The member's user id, `usr_...`."
)
NOT_A_MEMBER = error_response("No member with this id in your workspace (not_found).")


class MemberSerializer(serializers.Serializer[Membership]):
    id = serializers.CharField(source="user.public_id", help_text="usr_...")
    email = serializers.EmailField(source="user.email")
    name = serializers.CharField(source="user.name")
    role = serializers.CharField(help_text="owner, admin or member")
    joined_at = serializers.DateTimeField(source="created_at")


MemberResponseSerializer = data_serializer("MemberResponseSerializer", MemberSerializer)


MemberListResponseSerializer = page_serializer("MemberListResponseSerializer", MemberSerializer)


class MemberRoleSerializer(RequiredInPatchSerializer):
    role = serializers.ChoiceField(
        choices=["admin", "member"],
        error_messages={
            "invalid_choice": "“{input}” is not a role you can give: choose admin or member. "
            "Ownership moves only by the owner's transfer in Settings > Workspace."
        },
        help_text="admin or member. Ownership is not changed through the API.",
    )


class MemberListView(APIView):
    required_grants = {"GET": ("users:read", "read")}

    @list_operation(
        "users_list",
        "The members of your workspace, in the order they joined",
        MemberListResponseSerializer,
        tags=["users"],
    )
    def get(self, request: Request) -> Response:
        params = ListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        members = workspace_members(principal_of(request).workspace).filter(user__is_active=True)
        page = params.page(members, tiebreak=TIEBREAK, newest_first=False)
        return page_response(page, MemberSerializer)


@extend_schema(tags=["users"], parameters=[USER_PARAMETER], description=ADMIN_ONLY)
@extend_schema_view(
    patch=extend_schema(
        operation_id="users_update",
        summary="Change a member's role",
        request=MemberRoleSerializer,
        responses={
            200: MemberResponseSerializer,
            400: error_response("A role other than admin or member, or an unknown field."),
            403: ADMIN_FORBIDDEN,
            404: NOT_A_MEMBER,
        },
    ),
    delete=extend_schema(
        operation_id="users_remove",
        summary="Remove a member from the workspace (yourself: leave it)",
        responses={204: None, 403: ADMIN_FORBIDDEN, 404: NOT_A_MEMBER},
    ),
)
class MemberDetailView(APIView):
    required_grants = "admin"

    def get_membership(self, user_id: str) -> Membership:
        workspace = principal_of(self.request).workspace
        membership = workspace_members(workspace).filter(user__public_id=user_id).first()
        if membership is None:
            raise NotFound("User not found")
        return membership

    def patch(self, request: Request, user_id: str) -> Response:
        membership = self.get_membership(user_id)
        body = MemberRoleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        principal = principal_of(request)
        membership = member_change_role(
            workspace=principal.workspace,
            user=membership.user,
            role=body.validated_data["role"],
            actor=principal.user,
            context=AuditContext.from_api(request),
        )
        return Response({"data": MemberSerializer(membership).data})

    def delete(self, request: Request, user_id: str) -> Response:
        membership = self.get_membership(user_id)
        principal = principal_of(request)
        member_remove(
            workspace=principal.workspace,
            user=membership.user,
            actor=principal.user,
            context=AuditContext.from_api(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
