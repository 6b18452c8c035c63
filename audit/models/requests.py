from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings

from audit.statuses import class_key


def _reference(model: str) -> "models.ForeignKey[Any, Any]":
    """A reference a log row keeps after what it names is gone.

    No database constraint and DO_NOTHING: deleting a user, key, app or
    workspace never reads or writes this table (a SET NULL or CASCADE walks
    every row: 144 s for 1 M rows), and no index of its own (the composite
    indexes below serve every query that filters on it).
    """
    return models.ForeignKey(
        model,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class RequestLog(models.Model):
    """One /v1 request, whatever its outcome. Never the credential, nor a body.

    Failed authentication from one address is folded into one row per minute
    whose `count` grows, so a flood of bad keys cannot flood this table.

    On PostgreSQL the table is partitioned by month on `created_at` (migration
    0004, audit.partitions): the primary key is (id, created_at) there, and
    retention drops whole partitions. Inserting a row (or growing its `count`)
    updates RequestRollup through a database trigger (migration 0005).
    Five indexes in all, the primary key included; nothing else is maintained
    on insert.
    """

    request_id = models.CharField(max_length=40)
    workspace = _reference("accounts.Workspace")
    api_key = _reference("apikeys.ApiKey")
    oauth_application = _reference(oauth2_settings.APPLICATION_MODEL)
    user = _reference(settings.AUTH_USER_MODEL)
    livemode = models.BooleanField(null=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    error_code = models.CharField(max_length=40, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    latency_ms = models.PositiveIntegerField(default=0)
    count = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The Logs page, newest first, keyset-paginated on (created_at, id);
            # filters without an index of their own (status, method, path) are
            # bounded to a time window on it (audit.selectors.bounded_window).
            models.Index(fields=["workspace", "-created_at", "-id"], name="reqlog_ws_time"),
            # /v1/audit-logs always reads one mode; the page's Live/Test filter too.
            models.Index(
                fields=["workspace", "livemode", "-created_at", "-id"], name="reqlog_ws_mode_time"
            ),
            # One key's or one app's rows: the other column is NULL, which a
            # btree matches as an equality, so both walk this index in order.
            models.Index(
                fields=["api_key", "oauth_application", "-created_at", "-id"],
                name="reqlog_credential_time",
            ),
            # The detail page and the admin search by request id (no _like index).
            models.Index(fields=["request_id"], name="reqlog_request_id"),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"

    @property
    def status_class(self) -> str:
        return class_key(self.status)
