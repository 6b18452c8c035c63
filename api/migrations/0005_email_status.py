"""Email.status and failed_at: delivery now happens after the row is written.

Rows from before were written in the same transaction as their delivery, so a
live row was sent and a test-mode row was kept.
"""

from django.db import migrations, models


def status_of_existing_rows(apps, schema_editor):
    Email = apps.get_model("api", "Email")
    Email.objects.filter(livemode=False).update(status="kept")
    Email.objects.filter(livemode=True, sent_at__isnull=False).update(status="sent")


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0004_default_modules_again"),
    ]

    operations = [
        migrations.AddField(
            model_name="email",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued: written, not yet handed to the mail server"),
                    ("sent", "Sent: the mail server accepted it"),
                    ("failed", "Failed: the mail server refused it or did not answer"),
                    ("kept", "Kept: test mode, never delivered"),
                ],
                default="queued",
                max_length=10,
            ),
        ),
        migrations.AddField(
            model_name="email",
            name="failed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(status_of_existing_rows, migrations.RunPython.noop),
    ]
