from django.db import migrations


def staff_rule(apps, schema_editor):
    # Evidence staff added before rules were recorded: no machine rule judged it (ledger.rules.STAFF_RULE).
    apps.get_model("ledger", "Evidence").objects.filter(origin="staff", rule="").update(rule="staff")


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0002_provenance"),
    ]

    operations = [
        migrations.RunPython(staff_rule, migrations.RunPython.noop),
    ]
