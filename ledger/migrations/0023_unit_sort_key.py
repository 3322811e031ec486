"""Units keep their name's pinyin sort key beside it (Unit.sort_key), so that the list of units is in the order the
pickers and the tables by unit give, on every database; the key of each unit already stored is filled here."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from ledger.collation import sort_key  # the key Unit.save writes: the two must agree

    Unit = apps.get_model("ledger", "Unit")
    units = list(Unit.objects.only("pk", "name"))
    for unit in units:
        unit.sort_key = sort_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0022_unit_names_without_spaces'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='unit',
            options={'ordering': ['body__name', 'sort_key'], 'verbose_name': 'unit', 'verbose_name_plural': 'units'},
        ),
        migrations.AddField(
            model_name='unit',
            name='sort_key',
            field=models.CharField(blank=True, editable=False, max_length=1200, verbose_name='sort key'),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
