"""When a change reached every row of a report that no history of theirs records (its text loaded, its body renamed,
its follow-up deleted): until now only a load, which updated_at says."""

import django.utils.timezone
from django.db import migrations, models


def from_updated_at(apps, schema_editor):
    Report = apps.get_model("ledger", "Report")
    Report.objects.update(rows_changed_at=models.F("updated_at"))


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0017_partner_unit_order"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="rows_changed_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="rows changed at"),
        ),
        migrations.RunPython(from_updated_at, migrations.RunPython.noop),
    ]
