from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings


class RequestLog(models.Model):
    """One /v1 request, whatever its outcome. Never the credential, nor a body.

    Failed authentication from one address is folded into one row per minute
    whose `count` grows, so a flood of bad keys cannot flood this table.
    """

    request_id = models.CharField(max_length=40, db_index=True)
    workspace = models.ForeignKey(
        "accounts.Workspace", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    api_key = models.ForeignKey(
        "apikeys.ApiKey", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    oauth_application = models.ForeignKey(
        oauth2_settings.APPLICATION_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
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
            # The Logs page: a workspace's newest rows first, keyset-paginated on
            # (created_at, id); the filters below each have an index of their own
            # so no filter turns into a scan of the workspace's whole history.
            models.Index(fields=["workspace", "-created_at", "-id"], name="reqlog_ws_time"),
            models.Index(fields=["api_key", "-created_at", "-id"], name="reqlog_key_time"),
            models.Index(
                fields=["oauth_application", "-created_at", "-id"], name="reqlog_app_time"
            ),
            models.Index(
                fields=["workspace", "status", "-created_at", "-id"], name="reqlog_ws_status_time"
            ),
            models.Index(fields=["created_at"], name="reqlog_time"),  # pruning
        ]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"

    @property
    def status_class(self) -> str:
        return "429" if self.status == 429 else f"{self.status // 100}xx"
