"""The lean request log: five indexes, references without constraints or cascades."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_user_email_verified_at'),
        ('apikeys', '0004_revoked_via_secret_scanning'),
        ('audit', '0002_request_log'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        migrations.swappable_dependency(settings.OAUTH2_PROVIDER_APPLICATION_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='requestlog',
            name='reqlog_key_time',
        ),
        migrations.RemoveIndex(
            model_name='requestlog',
            name='reqlog_app_time',
        ),
        migrations.RemoveIndex(
            model_name='requestlog',
            name='reqlog_ws_status_time',
        ),
        migrations.RemoveIndex(
            model_name='requestlog',
            name='reqlog_time',
        ),
        migrations.AlterField(
            model_name='requestlog',
            name='api_key',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='apikeys.apikey'),
        ),
        migrations.AlterField(
            model_name='requestlog',
            name='oauth_application',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.OAUTH2_PROVIDER_APPLICATION_MODEL),
        ),
        migrations.AlterField(
            model_name='requestlog',
            name='request_id',
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name='requestlog',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='requestlog',
            name='workspace',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.workspace'),
        ),
        migrations.AddIndex(
            model_name='requestlog',
            index=models.Index(fields=['workspace', 'livemode', '-created_at', '-id'], name='reqlog_ws_mode_time'),
        ),
        migrations.AddIndex(
            model_name='requestlog',
            index=models.Index(fields=['api_key', 'oauth_application', '-created_at', '-id'], name='reqlog_credential_time'),
        ),
        migrations.AddIndex(
            model_name='requestlog',
            index=models.Index(fields=['request_id'], name='reqlog_request_id'),
        ),
    ]
