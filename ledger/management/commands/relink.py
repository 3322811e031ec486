from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger import services
from ledger.models import Body, Report, Status
from ledger.messages import overtaken_sentences
from ledger.selectors import report_summary
from ledger.transactions import atomic


class Command(BaseCommand):
    help = (
        "Recompute machine evidence and statuses of commitments against the next year's review, and print "
        "what changed. Evidence and statuses decided by staff are never touched."
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", help="only this body's reports (its name)")
        parser.add_argument("--year", type=int, help="only commitments of this plan year")
        parser.add_argument("--dry-run", action="store_true", help="compute and print, store nothing")

    def handle(self, *args, **options):
        body = None
        if options["body"]:
            body = Body.objects.filter(name=options["body"]).first()
            if body is None:
                raise CommandError(_("No body named %(name)s.") % {"name": options["body"]})
        with atomic(rollback=options["dry_run"]):
            result = services.commitments_relink(body=body, year=options["year"])
            self._print(result, options)
        if options["dry_run"]:
            self.stdout.write(_("(dry run: nothing was stored)"))

    def _print(self, result, options):
        labels = dict(Status.choices)
        if options["verbosity"] >= 2:
            for commitment, old, new in result.changes:
                self.stdout.write(
                    f"  {commitment.report} #{commitment.ordinal} {commitment.text[:30]}: {labels[old]} → {labels[new]}"
                )
        self.stdout.write(
            _(
                "%(pairs)d report pairs linked; evidence: %(added)d new proposals, %(removed)d withdrawn; "
                "%(changed)d statuses changed."
            )
            % {
                "pairs": result.pairs,
                "added": result.evidence_added,
                "removed": result.evidence_removed,
                "changed": len(result.changes),
            }
        )
        reports = Report.objects.select_related("body").order_by("body__name", "year")
        if options["body"]:
            reports = reports.filter(body__name=options["body"])
        if options["year"]:
            reports = reports.filter(year=options["year"])
        for report in reports:
            summary = report_summary(report)
            if summary.follow_up is None:
                continue
            line = _(
                "%(report)s: fulfilled %(fulfilled)d, partial %(partial)d, not reported %(not_reported)d, "
                "not carried out %(not_done)d, needs review %(needs_review)d; the machine's reading: follow-through %(rate)s of %(decided)d decided, "
                "%(confirmed)d of them confirmed by a person"
            ) % {**summary.overall.figures(), "report": report}
            line += overtaken_sentences(report, summary.overall.year_over)
            if summary.no_review:
                line += "\n  " + _(
                    "warning: no review section was found in %(follow_up)s; the commitments stay pending."
                ) % {"follow_up": summary.follow_up}
            if summary.missing_review:
                line += "\n  " + _(
                    "warning: the review of %(follow_up)s has no heading and may start mid-report; "
                    "commitments it does not hold show as not reported."
                ) % {"follow_up": summary.follow_up}
            self.stdout.write(line)
