from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger import exports
from ledger.models import Body, Commitment


class Command(BaseCommand):
    help = (
        "Write the ledger (台账) as an Excel workbook or CSV file: a title row, the header in Chinese, one row per "
        "commitment in its report's order; the ID column is what the import of an edited sheet matches rows on."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="file to write; .xlsx or .csv decides the format")
        parser.add_argument("--body", help="only this body's commitments (its name)")
        parser.add_argument("--year", type=int, help="only commitments of this plan year")
        parser.add_argument("--testable", action="store_true", help="leave out sentences of general direction")

    def handle(self, *args, output, body, year, testable, **options):
        fmt = output.suffix.lstrip(".").lower()
        if fmt not in exports.FORMATS:
            raise CommandError(_("%(path)s: the file must end in .xlsx or .csv.") % {"path": output})
        commitments = Commitment.objects.all()
        if body:
            if not Body.objects.filter(name=body).exists():
                raise CommandError(_("No body named %(name)s.") % {"name": body})
            commitments = commitments.filter(report__body__name=body)
        if year:
            commitments = commitments.filter(plan_year=year)
        if testable:
            commitments = commitments.filter(testable=True)
        title, data, count = exports.write(commitments, fmt)
        output.write_bytes(data)
        self.stdout.write(_("Wrote %(path)s (%(count)d objects).") % {"path": output, "count": count})
        if options["verbosity"] > 1:
            self.stdout.write(title)
