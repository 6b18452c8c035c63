"""How long a replaced credential keeps working: a rolled API key, a rotated client secret.

Both offer the same choices, so a team that rolls a key and rotates an app's
secret reads one set of words. The pages add their own advice to each choice.
"""

from datetime import timedelta

HANDOVER_PERIODS = {
    "none": timedelta(0),
    "1h": timedelta(hours=1),
    "24h": timedelta(hours=24),
    "7d": timedelta(days=7),
}
HANDOVER_LABELS = {
    "none": "Immediately",
    "1h": "In 1 hour",
    "24h": "In 24 hours",
    "7d": "In 7 days",
}
LONGEST_HANDOVER = max(HANDOVER_PERIODS.values())
