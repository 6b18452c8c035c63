"""Hourly rollups of attributed requests, kept by triggers on the request log.

Why triggers: the app writes a log row in one statement per request; a
second statement for the rollup would cost every request a round trip. The
database adds each inserted row (and each fold, when a row's `count` grows)
to its hour in the same statement, so rollups equal the raw rows whatever
writes them (the middleware, bulk_create, generate_request_logs' INSERT ...
SELECT). Existing rows are rolled up once here. See audit.models.RequestRollup.
"""

from django.db import migrations, models

from audit.rollup_sql import backfill_sql, trigger_sql, untrigger_sql


def triggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in [*trigger_sql(schema_editor.connection.vendor), backfill_sql(schema_editor.connection.vendor)]:
            cursor.execute(statement)


def untriggers(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        for statement in untrigger_sql(schema_editor.connection.vendor):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_request_log_partitions")]

    operations = [
        migrations.CreateModel(
            name='RequestRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('workspace_id', models.BigIntegerField()),
                ('livemode', models.BooleanField()),
                ('api_key_id', models.BigIntegerField(default=0)),
                ('oauth_application_id', models.BigIntegerField(default=0)),
                ('hour', models.DateTimeField()),
                ('requests', models.BigIntegerField(default=0)),
                ('status_2xx', models.BigIntegerField(default=0)),
                ('status_4xx', models.BigIntegerField(default=0)),
                ('status_5xx', models.BigIntegerField(default=0)),
                ('status_429', models.BigIntegerField(default=0)),
                ('privileged', models.BigIntegerField(default=0)),
                ('last_seen', models.DateTimeField()),
            ],
        ),
        migrations.AddIndex(
            model_name='requestrollup',
            index=models.Index(fields=['api_key_id', 'hour'], name='reqrollup_key_hour'),
        ),
        migrations.AddConstraint(
            model_name='requestrollup',
            constraint=models.UniqueConstraint(fields=('workspace_id', 'hour', 'livemode', 'api_key_id', 'oauth_application_id'), name='reqrollup_slot'),
        ),
        migrations.RunPython(triggers, untriggers),
    ]
