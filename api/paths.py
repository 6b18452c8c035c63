"""Which requests are the API's: `/v1` and everything under it.

Middleware, the error views and the request account all ask this one question
of `request.path_info` (the path URL resolution sees), so they never disagree
about what is an API request.
"""

API_ROOT = "/v1"


def is_api_path(path_info: str) -> bool:
    return path_info == API_ROOT or path_info.startswith(f"{API_ROOT}/")
