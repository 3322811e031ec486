"""Partner units keep the order staff wrote them in: the plain many-to-many table becomes the PartnerUnit model
(state only, the same table and rows) with a position, and its history table is renamed to follow it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ledger", "0016_commitment_origin"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PartnerUnit",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("commitment", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partner_links", to="ledger.commitment")),
                        ("unit", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="partner_links", to="ledger.unit")),
                    ],
                    options={
                        "verbose_name": "partner unit",
                        "verbose_name_plural": "partner units",
                        "db_table": "ledger_commitment_partner_units",
                        "ordering": ["position", "id"],
                        "unique_together": {("commitment", "unit")},
                    },
                ),
                migrations.AlterField(
                    model_name="commitment",
                    name="partner_units",
                    field=models.ManyToManyField(blank=True, related_name="partnered_commitments", through="ledger.PartnerUnit", to="ledger.unit", verbose_name="partner units"),
                ),
            ],
            database_operations=[],
        ),
        migrations.AddField(
            model_name="partnerunit",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="position"),
        ),
        migrations.RenameModel(old_name="HistoricalCommitment_partner_units", new_name="HistoricalPartnerUnit"),
        migrations.AlterModelOptions(name="historicalpartnerunit", options={"verbose_name": "HistoricalPartnerUnit"}),
        # The history's keys as the history now writes them (without the tablespace the old model named).
        migrations.AlterField(
            model_name="historicalpartnerunit",
            name="commitment",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="ledger.commitment"),
        ),
        migrations.AlterField(
            model_name="historicalpartnerunit",
            name="unit",
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name="+", to="ledger.unit"),
        ),
        migrations.AddField(
            model_name="historicalpartnerunit",
            name="position",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="position"),
        ),
    ]
