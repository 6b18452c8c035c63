"""A workspace of their own for users made before every user got one.

New users get it from accounts.signals; this covers users an operator made
with createsuperuser, the admin or create_user before that, who could not
open Settings at all. Their workspace's default modules come from
api/migrations/0004.
"""

from django.db import migrations


def give_each_user_a_workspace(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Workspace = apps.get_model("accounts", "Workspace")
    Membership = apps.get_model("accounts", "Membership")
    for user in User.objects.filter(memberships__isnull=True).iterator():
        name = f"{user.name or user.email.split('@')[0]}'s workspace"[:100]
        workspace = Workspace.objects.create(name=name)
        Membership.objects.create(user=user, workspace=workspace, role="owner")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_invitations_one_owner"),
    ]

    operations = [
        migrations.RunPython(give_each_user_a_workspace, migrations.RunPython.noop),
    ]
