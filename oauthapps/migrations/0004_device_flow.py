import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("oauthapps", "0003_oidc"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="device_flow_enabled",
            field=models.BooleanField(
                default=False,
                help_text="May sign people in with the device authorization grant (RFC 8628).",
                verbose_name="device flow",
            ),
        ),
        migrations.CreateModel(
            name="DeviceGrant",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("device_code", models.CharField(max_length=100, verbose_name="device code")),
                ("user_code", models.CharField(max_length=100, verbose_name="user code")),
                ("scope", models.TextField(blank=True, verbose_name="scope")),
                ("interval", models.IntegerField(default=5, verbose_name="interval")),
                ("expires", models.DateTimeField(verbose_name="expires")),
                (
                    "status",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("authorized", "Authorized"),
                            ("authorization-pending", "Authorization pending"),
                            ("expired", "Expired"),
                            ("denied", "Denied"),
                        ],
                        default="authorization-pending",
                        max_length=64,
                        verbose_name="status",
                    ),
                ),
                (
                    "client_id",
                    models.CharField(db_index=True, max_length=100, verbose_name="client ID"),
                ),
                ("last_checked", models.DateTimeField(auto_now=True, verbose_name="last checked")),
                ("last_polled_at", models.DateTimeField(blank=True, editable=False, null=True)),
                ("redeemed_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "application",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="device_grants",
                        to=settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="%(app_label)s_%(class)s",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
                (
                    "workspace",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="oauth_device_grants",
                        to="accounts.workspace",
                    ),
                ),
            ],
            options={
                "verbose_name": "device authorization",
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(
                        fields=("device_code",), name="oauthapps_devicegrant_unique_device_code"
                    ),
                    models.UniqueConstraint(
                        fields=("user_code",), name="oauthapps_devicegrant_user_code"
                    ),
                ],
            },
        ),
    ]
