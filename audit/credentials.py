"""The API key and OAuth app models, as the request log reaches them.

audit sits below apikeys and oauthapps (they write its events), so it never
imports them: it takes their models from RequestLog's foreign keys, which
name them as strings. The type checker sees the classes themselves.
"""

from typing import TYPE_CHECKING

from audit.models import RequestLog

if TYPE_CHECKING:
    from apikeys.models import ApiKey
    from oauthapps.models import Application
else:
    ApiKey = RequestLog._meta.get_field("api_key").related_model
    Application = RequestLog._meta.get_field("oauth_application").related_model

__all__ = ["ApiKey", "Application"]
