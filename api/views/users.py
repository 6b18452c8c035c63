from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework.decorators import api_view
from rest_framework.response import Response

from api.serializers import UserSerializer


@extend_schema(
    summary="The user behind the credential",
    responses=inline_serializer("UserResponse", {"data": UserSerializer()}),
)
@api_view(["GET"])
def users_me(request):
    return Response({"data": UserSerializer(request.user).data})
