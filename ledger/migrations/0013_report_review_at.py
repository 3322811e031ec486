from django.db import migrations, models
from django.db.models import Exists, F, OuterRef


def reviews_came_in_when_loaded(apps, schema_editor):
    """Reports stored with a review section: it came in with their first load (the nearest the ledger knows)."""
    Report, Section = apps.get_model("ledger", "Report"), apps.get_model("ledger", "Section")
    review = Section.objects.filter(report=OuterRef("pk"), kind="review")
    Report.objects.filter(Exists(review)).update(review_at=F("ingested_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0012_commitment_review_disagrees'),
    ]

    operations = [
        migrations.AddField(
            model_name='report',
            name='review_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='review loaded at'),
        ),
        migrations.RunPython(reviews_came_in_when_loaded, migrations.RunPython.noop),
    ]
