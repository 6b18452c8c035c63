"""Settings > API: list, create, edit, roll and revoke the workspace's keys."""

from apikeys.views.actions import key_revoke, key_roll
from apikeys.views.keys import key_detail, key_edit, key_new, key_reveal
from apikeys.views.list import key_list

__all__ = [
    "key_detail",
    "key_edit",
    "key_list",
    "key_new",
    "key_reveal",
    "key_revoke",
    "key_roll",
]
