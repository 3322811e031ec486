"""The 台账核验 group of an existing ledger may correct and delete progress entries, as bootstrap now gives a new
one: production runs bootstrap once, so its group would never get the new rights."""

from django.db import migrations

EDITORS = "台账核验"  # bootstrap.EDITORS at the time of this migration
RIGHTS = ["change_progress", "delete_progress"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=EDITORS).first()
    if group is None:
        return  # a new ledger: bootstrap creates the group with them
    # The rights exist once the app's models were migrated before (they are made after migrate).
    group.permissions.add(*Permission.objects.filter(content_type__app_label="ledger", codename__in=RIGHTS))


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0010_kept_ledger_columns"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
