"""/healthz (one SELECT 1, as ours) and /v1/users/me behind HasAPIKey.

drf-api-key's keys have no owner, so the view reads the one user the setup made:
the key lookup plus one user query, the shape of ours without its limit, IP
check, permissions, test mode or request log.
"""

from django.contrib.auth.models import User
from django.db import connection
from django.http import JsonResponse
from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.response import Response


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@api_view(["GET"])
def users_me(request):
    user = User.objects.only("id", "email", "first_name").order_by("id").first()
    data = {"id": f"usr_{user.id}", "email": user.email, "name": user.first_name}
    return Response({"data": data})


urlpatterns = [path("healthz", healthz), path("v1/users/me", users_me)]
