"""/v1/invitations: invite people to the workspace by email (admin permission or scope).

The same service as Settings > Team sends the emailed link; it points at this
server (`/accounts/invitations/<token>/`), where the invitee signs in or up
and accepts. The token is in the email only, never in an API response.
"""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.context import AuditContext
from accounts.models import Invitation, Workspace
from accounts.services.invitations import invitation_create, invitation_revoke
from api.pagination import ListParamsSerializer, page_response, page_serializer
from api.principal import principal_of
from api.schema import ADMIN_FORBIDDEN, ADMIN_ONLY, error_response, list_operation
from api.serializers import StrictBodySerializer, data_serializer

INVITATION_PARAMETER = OpenApiParameter(
    "invitation_id", str, OpenApiParameter.PATH, description="The invitation's id, `inv_...`."
)


def pending_invitations(workspace: Workspace) -> QuerySet[Invitation]:
    """Invitations whose link still works: neither accepted, revoked nor expired."""
    return Invitation.objects.filter(
        workspace=workspace,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).select_related("invited_by")


class InvitationSerializer(serializers.Serializer[Invitation]):
    id = serializers.CharField(source="public_id", help_text="inv_...")
    email = serializers.EmailField()
    role = serializers.CharField(help_text="admin or member: the role on accepting")
    status = serializers.CharField(help_text="pending, accepted, revoked or expired")
    invited_by = serializers.CharField(
        source="invited_by.public_id", allow_null=True, help_text="usr_... of who sent it"
    )
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField(help_text="The link stops working then.")


InvitationResponseSerializer = data_serializer("InvitationResponseSerializer", InvitationSerializer)


InvitationListResponseSerializer = page_serializer(
    "InvitationListResponseSerializer", InvitationSerializer
)


class InvitationCreateSerializer(StrictBodySerializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(
        choices=["admin", "member"], default="member", help_text="The role on accepting."
    )


@extend_schema(tags=["invitations"], description=ADMIN_ONLY)
@extend_schema_view(
    get=list_operation(
        "invitations_list",
        "Pending invitations, newest first",
        InvitationListResponseSerializer,
        responses={403: ADMIN_FORBIDDEN},
    ),
    post=extend_schema(
        operation_id="invitations_create",
        summary="Invite someone by email; they get a link valid for 7 days",
        request=InvitationCreateSerializer,
        responses={
            201: InvitationResponseSerializer,
            400: error_response(
                "A bad email or role, someone already a member or already invited."
            ),
            403: ADMIN_FORBIDDEN,
        },
    ),
)
class InvitationListView(APIView):
    required_grants = "admin"

    def get(self, request: Request) -> Response:
        params = ListParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        page = params.page(pending_invitations(principal_of(request).workspace))
        return page_response(page, InvitationSerializer)

    def post(self, request: Request) -> Response:
        body = InvitationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        principal = principal_of(request)
        invitation = invitation_create(
            workspace=principal.workspace,
            actor=principal.user,
            email=body.validated_data["email"],
            role=body.validated_data["role"],
            base_url=request.build_absolute_uri("/"),
            context=AuditContext.from_api(request),
        )
        return Response(
            {"data": InvitationSerializer(invitation).data}, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["invitations"], parameters=[INVITATION_PARAMETER], description=ADMIN_ONLY)
@extend_schema_view(
    delete=extend_schema(
        operation_id="invitations_revoke",
        summary="Revoke a pending invitation: its link stops working",
        responses={
            204: None,
            400: error_response("The invitation was already accepted or revoked."),
            403: ADMIN_FORBIDDEN,
            404: error_response("No invitation with this id in your workspace (not_found)."),
        },
    ),
)
class InvitationDetailView(APIView):
    required_grants = "admin"

    def delete(self, request: Request, invitation_id: str) -> Response:
        principal = principal_of(request)
        invitation = Invitation.objects.filter(
            workspace=principal.workspace, public_id=invitation_id
        ).first()
        if invitation is None:
            raise NotFound("Invitation not found")
        invitation_revoke(
            workspace=principal.workspace,
            invitation=invitation,
            actor=principal.user,
            context=AuditContext.from_api(request),
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
