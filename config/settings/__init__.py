"""Settings, read from the environment: the base, then the OAuth server's."""

from config.settings.base import *  # noqa: F403
from config.settings.oauth import *  # noqa: F403
