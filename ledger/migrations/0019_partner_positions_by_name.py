"""The partner units linked before their order was kept (every link at position 0) are placed in the order staff saw
them then, by name: a sheet exported before reads as it was written, and its cells as exported match the history."""

from collections import defaultdict

from django.db import migrations


def _by_name(rows, group_key, save):
    """Number each group's links by unit name, where none of the group has a position yet."""
    groups = defaultdict(list)
    for row in rows:
        groups[getattr(row, group_key)].append(row)
    for links in groups.values():
        if len(links) > 1 and not any(link.position for link in links):
            for position, link in enumerate(sorted(links, key=lambda link: (link.unit.name if link.unit else "", link.id))):
                link.position = position
                save(link)


def positions_by_name(apps, schema_editor):
    PartnerUnit = apps.get_model("ledger", "PartnerUnit")
    History = apps.get_model("ledger", "HistoricalPartnerUnit")
    _by_name(PartnerUnit.objects.select_related("unit").iterator(), "commitment_id", lambda link: link.save(update_fields=["position"]))
    _by_name(History.objects.select_related("unit").iterator(), "history_id", lambda link: link.save(update_fields=["position"]))


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0018_report_rows_changed_at"),
    ]

    operations = [
        migrations.RunPython(positions_by_name, migrations.RunPython.noop),
    ]
