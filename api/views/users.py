from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.principal import principal_of
from api.serializers import UserSerializer


class UserMeView(APIView):
    """The user behind the credential: the spec's "Verify your key" call."""

    required_grants = {"GET": ("users:read", "read")}

    @extend_schema(
        summary="The user behind the credential",
        responses=inline_serializer("UserResponse", {"data": UserSerializer()}),
    )
    def get(self, request: Request) -> Response:
        # The busiest call there is, in a fixed shape: a serializer's per-field
        # copies cost more than the rest of the view (`python -m bench.per_request`).
        user = principal_of(request).user
        return Response({"data": {"id": user.public_id, "email": user.email, "name": user.name}})
