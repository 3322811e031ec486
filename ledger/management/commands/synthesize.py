from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from ledger.benchmarks.sources import corpus_dir
from ledger.benchmarks.synthetic import source_reports
from ledger.services import RelinkResult, commitments_link, synthetic_reports_create


class Command(BaseCommand):
    help = (
        "Fill the ledger with synthetic data for benchmarks: the national government work reports in "
        "LEDGER_CORPUS_DIR/gwr repeated over N synthetic bodies, then linked. Never run it on a real ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, default=50, help="synthetic bodies (about 2,000 commitments each)")
        parser.add_argument("--no-link", action="store_true", help="leave every commitment pending")

    def handle(self, *args, copies, no_link, **options):
        sources = source_reports()
        if not sources:
            raise CommandError(_("No reports in %(path)s.") % {"path": corpus_dir()})
        reports = synthetic_reports_create(sources=sources, copies=copies)
        result = RelinkResult()
        if not no_link:
            # One transaction per report: a 100-copy ledger links in steps rather than in one long write.
            for report in reports:
                with transaction.atomic():
                    result += commitments_link(report=report)
        # Fresh planner statistics: without them SQLite walks the status index instead of the report's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor in ("sqlite", "postgresql") else "SELECT 1")
        rows = copies * sum(len(source.commitments) for source in sources)
        self.stdout.write(
            _("%(reports)d synthetic reports, %(rows)d commitments, %(evidence)d evidence passages.")
            % {"reports": len(reports), "rows": rows, "evidence": result.evidence_added}
        )
