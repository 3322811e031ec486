from django.db import migrations, models
from django.db.models import Exists, OuterRef


def status_rules(apps, schema_editor):
    """What can be said of stored statuses without relinking: staff set it, it follows evidence staff
    confirmed, or it waits for a follow-up (the default). Other machine statuses get their rule and
    confidence from ``manage.py relink``."""
    Commitment = apps.get_model("ledger", "Commitment")
    Evidence = apps.get_model("ledger", "Evidence")
    Commitment.objects.filter(status_origin="staff").update(status_rule="staff")
    machine = Commitment.objects.filter(status_origin="auto").exclude(status="pending")
    confirmed = Evidence.objects.filter(commitment=OuterRef("pk"), decision="confirmed")
    machine.filter(Exists(confirmed)).update(status_rule="status.confirmed")
    machine.exclude(Exists(confirmed)).update(status_rule="")


class Migration(migrations.Migration):

    dependencies = [
        ('ledger', '0003_staff_evidence_rule'),
    ]

    operations = [
        migrations.AddField(
            model_name='commitment',
            name='status_confidence',
            field=models.FloatField(blank=True, null=True, verbose_name='confidence'),
        ),
        migrations.AddField(
            model_name='commitment',
            name='status_rule',
            field=models.CharField(blank=True, default='status.no_follow_up', help_text='the rule that decided the status; staff when staff set it', max_length=32, verbose_name='status rule'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='status_confidence',
            field=models.FloatField(blank=True, null=True, verbose_name='confidence'),
        ),
        migrations.AddField(
            model_name='historicalcommitment',
            name='status_rule',
            field=models.CharField(blank=True, default='status.no_follow_up', help_text='the rule that decided the status; staff when staff set it', max_length=32, verbose_name='status rule'),
        ),
        migrations.AlterField(
            model_name='commitment',
            name='status',
            field=models.CharField(choices=[('pending', 'pending'), ('in_progress', 'in progress'), ('fulfilled', 'fulfilled'), ('partial', 'partially fulfilled'), ('not_reported', 'not reported'), ('needs_review', 'needs review')], default='pending', max_length=16, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='evidence',
            name='verdict',
            field=models.CharField(choices=[('fulfilled', 'reported done'), ('partial', 'progress only'), ('mention', 'mentioned only'), ('candidate', 'candidate passage')], max_length=16, verbose_name='verdict'),
        ),
        migrations.AlterField(
            model_name='historicalcommitment',
            name='status',
            field=models.CharField(choices=[('pending', 'pending'), ('in_progress', 'in progress'), ('fulfilled', 'fulfilled'), ('partial', 'partially fulfilled'), ('not_reported', 'not reported'), ('needs_review', 'needs review')], default='pending', max_length=16, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalevidence',
            name='verdict',
            field=models.CharField(choices=[('fulfilled', 'reported done'), ('partial', 'progress only'), ('mention', 'mentioned only'), ('candidate', 'candidate passage')], max_length=16, verbose_name='verdict'),
        ),
        migrations.RunPython(status_rules, migrations.RunPython.noop),
    ]
