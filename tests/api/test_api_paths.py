"""What is the API: `/v1` and everything under it, asked in one place (api.paths)
by the middleware, the error views and the request account alike."""

import pytest
from django.test import Client

from api.paths import is_api_path


@pytest.mark.parametrize("path", ["/v1", "/v1/", "/v1/users/me", "/v1/modules/contacts/records"])
def test_v1_and_everything_under_it_is_the_api(path):
    assert is_api_path(path)


@pytest.mark.parametrize("path", ["/", "/v1x", "/v10/users", "/settings/api/", "/api/schema/"])
def test_a_path_that_only_looks_like_v1_is_not(path):
    assert not is_api_path(path)


def test_an_unknown_api_path_is_the_envelope_s_404_with_a_request_id(db):
    response = Client().get("/v1/nothing-here")

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert response.headers["X-Request-Id"].startswith("req_")


def test_a_page_path_beginning_with_v1_is_a_page_s_404(db):
    response = Client().get("/v1x/nothing-here")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "X-Request-Id" not in response.headers
