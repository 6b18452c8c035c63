"""Errors raised outside DRF views: JSON under /v1, Django's pages elsewhere."""

from django.views import defaults

from api.exceptions import error_response


def _is_api(request) -> bool:
    return request.path.startswith("/v1/") or request.path == "/v1"


def not_found(request, exception=None):
    if _is_api(request):
        return error_response(404, "not_found", "Not found")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return error_response(500, "server_error", "Something went wrong on our side.")
    return defaults.server_error(request)
