class ApiTrailingSlashMiddleware:
    """`/v1/users/me/` is `/v1/users/me`: API routes are declared once, without a slash.

    Clients add or drop a trailing slash at will; redirecting them would turn a
    POST into a GET, so the path is normalised before URL resolution instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/v1/") and path.endswith("/") and len(path) > 4:
            request.path_info = path.rstrip("/")
        return self.get_response(request)
