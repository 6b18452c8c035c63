"""The `contacts` module for the workspaces accounts/migrations/0003 made."""

from django.db import migrations

DEFAULT_MODULES = (("contacts", "Contacts"),)


def create_default_modules(apps, schema_editor):
    Workspace = apps.get_model("accounts", "Workspace")
    Module = apps.get_model("api", "Module")
    for slug, name in DEFAULT_MODULES:
        missing = Workspace.objects.exclude(modules__slug=slug)
        Module.objects.bulk_create(
            [Module(workspace=workspace, slug=slug, name=name) for workspace in missing.iterator()],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0003_email"),
        ("accounts", "0003_every_user_has_a_workspace"),
    ]

    operations = [
        migrations.RunPython(create_default_modules, migrations.RunPython.noop),
    ]
