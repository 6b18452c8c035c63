"""Branded 404, 403, 500 and CSRF pages outside /v1 (DEBUG is off, as in production);
JSON under /v1, a POST to an unknown path included."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import path

from apikeys.models import ApiKey
from config.urls import handler403, handler404, handler500  # noqa: F401
from config.urls import urlpatterns as project_urlpatterns
from tests.config.conftest import KEY_FORM

NEW_KEY = "/settings/api/keys/new/"
OURS = {"HTTP_ORIGIN": "http://testserver"}


def denied(request):
    raise PermissionDenied("Only owners and admins can manage the team.")


def broken(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("denied/", denied), path("broken/", broken), *project_urlpatterns]
pytestmark = pytest.mark.urls(__name__)


def assert_branded(response: HttpResponse, status: int) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    assert 'class="brand"' in html and "Coherence" in html
    assert "debug" not in html.lower()
    assert "<style" not in html and "<script>" not in html and " style=" not in html
    return html


@pytest.fixture
def strict_client(alice):
    """A signed-in browser whose forms must carry a valid CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    return client


def test_an_unknown_page_is_the_branded_404(client, db):
    html = assert_branded(client.get("/no/such/page/"), 404)

    assert "Page not found" in html


def test_a_refusal_is_the_branded_403_with_its_reason(client, db):
    html = assert_branded(client.get("/denied/"), 403)

    assert "Only owners and admins can manage the team." in html


def test_a_crash_is_the_branded_500_without_its_detail(db):
    client = Client(raise_request_exception=False)

    html = assert_branded(client.get("/broken/"), 500)

    assert "Something went wrong on our side" in html
    assert "secret internal detail" not in html


def test_the_500_page_needs_no_request_and_no_database():
    html = render_to_string("500.html")

    assert "Something went wrong on our side" in html


def test_a_stale_form_gets_the_branded_csrf_page(strict_client):
    html = assert_branded(strict_client.post(NEW_KEY, KEY_FORM, **OURS), 403)

    assert "Your session changed" in html
    assert not ApiKey.objects.exists()


def test_the_csrf_page_keeps_what_was_typed_and_sends_it_again(strict_client):
    page = strict_client.post(NEW_KEY, KEY_FORM, **OURS)
    html = page.content.decode()
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)
    token = dict(fields).pop("csrfmiddlewaretoken")
    data = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]

    again = strict_client.post(NEW_KEY, {"csrfmiddlewaretoken": token, **_grouped(data)}, **OURS)

    assert "Production Integration" in html and "Send it again" in html
    assert again.status_code == 302
    assert ApiKey.objects.get().permissions == ["read", "write"]


def _grouped(pairs):
    grouped = {}
    for name, value in pairs:
        grouped.setdefault(name, []).append(value)
    return grouped


def test_the_csrf_page_never_shows_a_password_again(db):
    client = Client(enforce_csrf_checks=True)
    typed = {"username": "alice@example.com", "password": "hunter2-secret-pass"}

    html = client.post("/accounts/login/", typed, **OURS).content.decode()

    assert "alice@example.com" in html
    assert "hunter2-secret-pass" not in html
    assert "Send it again" not in html


def test_a_form_from_another_site_is_not_offered_again(strict_client):
    response = strict_client.post(NEW_KEY, KEY_FORM, HTTP_ORIGIN="https://evil.example")

    html = assert_branded(response, 403)
    assert "Production Integration" not in html
    assert "Send it again" not in html


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_any_method_to_an_unknown_v1_path_is_the_json_404(db, method):
    client = Client(enforce_csrf_checks=True)

    response = getattr(client, method)(
        "/v1/no-such-thing", {"a": 1}, content_type="application/json"
    )

    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Not found", "status": 404}
    }


def test_a_refusal_under_v1_is_json(client, db):
    from api.views.errors import permission_denied

    response = permission_denied(client.get("/v1/x").wsgi_request, PermissionDenied())

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
