"""Settings, read from the environment: the base, then accounts', the /v1 API's, the
OAuth server's and leaked keys'."""

from config.settings.accounts import *  # noqa: F403
from config.settings.api import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.leaked_keys import *  # noqa: F403
from config.settings.oauth import *  # noqa: F403
