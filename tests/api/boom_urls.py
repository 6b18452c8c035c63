"""The project's URLs plus two views that exist only to exercise failure paths."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


@api_view(["GET"])
@permission_classes([AllowAny])
def boom(request):
    raise RuntimeError("secret internal detail")


@api_view(["POST"])
@permission_classes([AllowAny])
def echo(request):
    return Response({"data": request.data})


urlpatterns = [
    path("v1/boom", boom),
    path("v1/echo", echo),
    *project_urlpatterns,
]
