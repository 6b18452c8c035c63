"""The `contacts` module for workspaces created before modules existed.

New workspaces get it from the post_save receiver in api/signals.py.
"""

from django.db import migrations

# Frozen here: a later change to api.models.DEFAULT_MODULES must not rewrite history.
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
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_default_modules, migrations.RunPython.noop),
    ]
