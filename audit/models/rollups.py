from django.db import models


class RequestRollup(models.Model):
    """Attributed requests (workspace set) per workspace, mode, credential and hour.

    Written only by database triggers on RequestLog (migration 0005): an
    insert adds the row's `count`, a fold (its `count` growing) adds the
    difference, so the sums here always equal the raw rows' and the app
    spends no statement on them. Unattributed rows (no workspace) are not
    rolled up: no page shows them per workspace.

    The credential columns are 0 rather than NULL when absent, so the unique
    key the triggers' ON CONFLICT relies on matches (NULLs never conflict).
    Plain integers, no foreign keys: a rollup outlives what it names, as the
    log does.
    """

    workspace_id = models.BigIntegerField()
    livemode = models.BooleanField()
    api_key_id = models.BigIntegerField(default=0)
    oauth_application_id = models.BigIntegerField(default=0)
    hour = models.DateTimeField()
    requests = models.BigIntegerField(default=0)
    status_2xx = models.BigIntegerField(default=0)  # below 400: 1xx and 3xx too
    status_4xx = models.BigIntegerField(default=0)  # 429 excluded
    status_5xx = models.BigIntegerField(default=0)
    status_429 = models.BigIntegerField(default=0)
    privileged = models.BigIntegerField(default=0)  # audit.usage.privileged_requests
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace_id", "hour", "livemode", "api_key_id", "oauth_application_id"],
                name="reqrollup_slot",
            )
        ]
        indexes = [
            # keys_using_privileges: one key's hours, newest first.
            models.Index(fields=["api_key_id", "hour"], name="reqrollup_key_hour"),
        ]

    def __str__(self) -> str:
        return f"{self.workspace_id} {self.hour:%Y-%m-%d %H}:00 {self.requests}"
