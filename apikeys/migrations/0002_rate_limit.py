from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("apikeys", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apikey",
            name="rate_limit",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Requests per minute; empty for the environment's default.",
                null=True,
            ),
        ),
    ]
