from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_request_rollups")]

    operations = [
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
        ),
    ]
