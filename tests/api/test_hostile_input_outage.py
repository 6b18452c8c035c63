"""A database that does not answer is a 503 with Retry-After on /v1, wherever it fails.

DRF views answer through the exception handler; a plain view or a middleware
through api.middleware.ApiRequestGuardMiddleware. The module is its own URLconf
for the plain view (see `urlpatterns` below).
"""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.http import JsonResponse
from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns


def plain_view_that_queries(request):
    raise OperationalError("connection refused")


urlpatterns = [path("v1/plain-outage", plain_view_that_queries), *project_urlpatterns]


class MiddlewareThatQueries:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise InterfaceError("connection already closed")


def assert_unavailable(response):
    assert response.status_code == 503, response.content
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"] == {
        "code": "service_unavailable",
        "message": "The service is briefly unavailable; retry shortly.",
        "status": 503,
    }
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("error", [OperationalError("refused"), InterfaceError("closed")])
def test_a_drf_view_whose_database_is_down_answers_503(live_api, error):
    with mock.patch.object(connection, "cursor", side_effect=error):
        response = live_api.get("/v1/users/me")

    assert_unavailable(response)


def test_a_write_whose_database_is_down_answers_503(live_api):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
        response = live_api.post(
            "/v1/modules/contacts/records", {"fields": {"a": 1}}, format="json"
        )

    assert_unavailable(response)


@pytest.mark.urls(__name__)
def test_a_plain_view_whose_database_is_down_answers_503(client, db):
    assert_unavailable(client.get("/v1/plain-outage"))


def test_a_middleware_whose_database_is_down_answers_503(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.MiddlewareThatQueries"]
    client.raise_request_exception = False  # the test client would re-raise what Django caught

    response = client.get("/v1/users/me")

    assert_unavailable(response)
    assert "X-RateLimit-Limit" in response.headers  # the outer middleware still ran


def test_other_errors_stay_a_500(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.MiddlewareThatFails"]
    client.raise_request_exception = False

    response = client.get("/v1/users/me")

    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


class MiddlewareThatFails(MiddlewareThatQueries):
    def __call__(self, request):
        raise RuntimeError("not the database")


def test_an_outage_outside_v1_is_left_to_the_site(client, db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.MiddlewareThatQueries"]
    client.raise_request_exception = False

    response = client.get("/accounts/login/")

    assert response.status_code == 500
    assert not isinstance(response, JsonResponse)
