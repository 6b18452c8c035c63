"""Modules and their records: the data behind /v1/modules/<module>/records."""

from django.db import models
from django.utils import timezone

from accounts.ids import public_id

# Every workspace has these modules from the moment it exists (slug, name).
DEFAULT_MODULES = (("contacts", "Contacts"),)


def new_record_id() -> str:
    return public_id("rec")


class Module(models.Model):
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="modules"
    )
    slug = models.SlugField(max_length=50)
    name = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "slug"], name="module_slug_per_workspace")
        ]

    def __str__(self) -> str:
        return self.name


class Record(models.Model):
    public_id = models.CharField(max_length=32, unique=True, default=new_record_id, editable=False)
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="records")
    # Also reachable through the module; kept on the row so that every query can
    # name the workspace itself and no join is ever needed to scope one.
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="records"
    )
    livemode = models.BooleanField()
    fields = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # The list: one module's rows in one mode, newest first (keyset on both).
            models.Index(
                fields=["module", "livemode", "-created_at", "-public_id"],
                name="record_list_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.public_id


def new_email_id() -> str:
    return public_id("msg")


class Email(models.Model):
    """A message a user sent through the API (POST /v1/emails), kept for GET /v1/emails.

    The row is written first and the message handed to the mail server once
    that commits (api.emails), so `status` says how far it got. In test mode
    the message is kept but never delivered.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued: written, not yet handed to the mail server"
        SENT = "sent", "Sent: the mail server accepted it"
        FAILED = "failed", "Failed: the mail server refused it or did not answer"
        KEPT = "kept", "Kept: test mode, never delivered"

    public_id = models.CharField(max_length=32, unique=True, default=new_email_id, editable=False)
    workspace = models.ForeignKey(
        "accounts.Workspace", on_delete=models.CASCADE, related_name="emails"
    )
    livemode = models.BooleanField()
    sender = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="sent_emails"
    )
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["workspace", "livemode", "sender", "-created_at", "-public_id"],
                name="email_list_newest",
            )
        ]

    def __str__(self) -> str:
        return self.public_id
