from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from ledger.benchmarks.synthetic import CORPUS_DIR, clone_corpus, source_reports
from ledger.services.linking import RelinkResult, commitments_link


class Command(BaseCommand):
    help = (
        "Fill the ledger with synthetic data for benchmarks: the national government work reports in "
        "../shared/corpus/gwr repeated over N synthetic bodies, then linked. Never run it on a real ledger."
    )

    def add_arguments(self, parser):
        parser.add_argument("--copies", type=int, default=50, help="synthetic bodies (about 2,000 commitments each)")
        parser.add_argument("--no-link", action="store_true", help="leave every commitment pending")

    def handle(self, *args, copies, no_link, **options):
        sources = source_reports()
        if not sources:
            raise CommandError(_("No reports in %(path)s.") % {"path": CORPUS_DIR})
        with transaction.atomic():
            reports = clone_corpus(sources, copies)
        result = RelinkResult()
        if not no_link:
            for report in reports:
                with transaction.atomic():
                    result += commitments_link(report=report)
        # Fresh planner statistics: without them SQLite walks the status index instead of the report's.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor in ("sqlite", "postgresql") else "SELECT 1")
        rows = copies * sum(len(source.rows) for source in sources)
        self.stdout.write(
            _("%(reports)d synthetic reports, %(rows)d commitments, %(evidence)d evidence passages.")
            % {"reports": len(reports), "rows": rows, "evidence": result.evidence_added}
        )
