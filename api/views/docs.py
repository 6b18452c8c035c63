import base64
import hashlib
import re
from typing import Any

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.request import Request
from rest_framework.response import Response

STYLE_BLOCK = re.compile(rb"<style[^>]*>(.*?)</style>", re.DOTALL)


class ApiDocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from local assets under the site's strict CSP.

    Its page carries one inline <style> block; rather than allow inline styles
    everywhere, this page's CSP names the exact blocks it sends by their hash.
    """

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        response.render()
        hashes = [
            "'sha256-" + base64.b64encode(hashlib.sha256(block).digest()).decode() + "'"
            for block in STYLE_BLOCK.findall(response.content)
        ]
        if hashes:
            # What django-csp's own csp_update decorator sets: its middleware reads it.
            response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
        return response
