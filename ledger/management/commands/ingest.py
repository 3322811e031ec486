import os
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ledger import services
from ledger.manifest import manifest_overrides
from ledger.messages import error_message, follow_through_line, kept_decision_summary, missing_section_messages, notice_messages
from ledger.models import CommitmentKind, ReportKind
from ledger.pipeline.errors import IngestError, os_problem
from ledger.selectors import follow_up_of, promise_report_of
from ledger.transactions import atomic


def display_name(path: Path) -> str:
    """The path as text: a name the file system holds in another encoding than UTF-8 (a GBK name from a Windows
    zip) is read as GB18030, any byte it cannot read replaced."""
    raw = os.fsencode(path)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


class Command(BaseCommand):
    help = (
        "Read work report files into the ledger: one line per file with body, kind, year and the "
        "sections found, a warning when its review or tasks section was not found, and the statuses its review "
        "gives the previous year's commitments. Values in a manifest.yaml beside a file, then the options, "
        "override what is read."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="report files (UTF-8, UTF-16, GB18030, Big5)")
        parser.add_argument("--body", help="the body that delivered the report, e.g. 重庆市大足区人大常委会")
        parser.add_argument("--year", type=int, help="the year the report was delivered (its plan year)")
        parser.add_argument("--kind", choices=ReportKind.values, help="npc or gov")
        parser.add_argument("--replace", action="store_true", help="replace a stored report of the same body, kind and year")
        parser.add_argument("--no-manifest", action="store_true", help="ignore manifest.yaml beside the files")
        parser.add_argument("--dry-run", action="store_true", help="read and report, store nothing")

    def handle(self, *paths, **options):
        failures = []
        for path in options["paths"]:
            try:
                line = self._ingest_one(path, options)
            except IngestError as error:
                failures.append(path)
                self.stderr.write(self.style.ERROR(error_message(error)))
                continue
            except OSError as error:
                failures.append(path)
                self.stderr.write(self.style.ERROR(
                    _("%(path)s: cannot be read (%(error)s).") % {"path": display_name(path), "error": os_problem(error)}
                ))
                continue
            self.stdout.write(line)
        if failures:
            raise CommandError(_("%(failed)d of %(total)d files were not ingested.") % {"failed": len(failures), "total": len(options["paths"])})

    def _ingest_one(self, path: Path, options) -> str:
        overrides = {} if options["no_manifest"] else manifest_overrides(path)
        # A body of spaces only is none given, as the upload form reads it.
        given = {name: options[name].strip() if isinstance(options[name], str) else options[name] for name in ("body", "kind", "year")}
        overrides.update({name: value for name, value in given.items() if value not in (None, "")})
        data = services.file_read(path, source=display_name(path))
        with atomic(rollback=options["dry_run"]):
            # Stored, and served by the API, by its file name: the server's folders are nobody's business.
            stored_as = display_name(Path(path.name))
            result = services.report_ingest(data, source=stored_as, replace=options["replace"], **overrides)
            line = self._describe(result, source=display_name(path), stored_as=stored_as)
        return _("(dry run) ") + line if options["dry_run"] else line

    def _describe(self, result: services.IngestResult, *, source: str, stored_as: str) -> str:
        """The line of one file, named as it was given (an unchanged text is stored under the file it first came from)."""
        report = result.report
        outcome = {
            services.CREATED: _("created"),
            services.UNCHANGED: _("unchanged, already stored"),
            services.REPLACED: _("replaced"),
        }[result.outcome]
        if result.outcome == services.UNCHANGED and report.source != stored_as:
            outcome = _("unchanged, already stored from %(stored)s") % {"stored": report.source}
        sections = ", ".join(
            _("%(kind)s %(length)d chars") % {"kind": section.get_kind_display(), "length": section.length}
            for section in report.sections.all()
        )
        line = _("%(source)s: %(body)s · %(kind)s · %(year)d · %(outcome)s · sections: %(sections)s") % {
            "source": source,
            "body": report.body.name,
            "kind": report.get_kind_display(),
            "year": report.year,
            "outcome": outcome,
            "sections": sections or _("none"),
        }
        counts = Counter(report.commitments.values_list("kind", flat=True))
        labels = dict(CommitmentKind.choices)
        line += "\n  " + _("commitments: %(total)d (%(testable)d testable) · %(by_kind)s") % {
            "total": sum(counts.values()),
            "testable": sum(n for kind, n in counts.items() if kind != CommitmentKind.GENERAL),
            "by_kind": ", ".join(f"{labels[kind]} {n}" for kind, n in sorted(counts.items(), key=lambda kv: -kv[1])),
        }
        line += self._replace_lines(result.replace)
        missing = missing_section_messages(report.notices)
        for message in missing:
            line += "\n  " + self.style.WARNING(message)
        if self.verbosity >= 1:
            for message in notice_messages(report.notices):
                line += "\n  " + _("warning: ") + message
        # What linking did: the previous year's commitments against this review, and this report's own
        # commitments when its follow-up came in first.
        changed = {commitment.pk for commitment, _old, _new in result.relink.changes}
        for promise in (promise_report_of(report), report if follow_up_of(report) else None):
            if promise is not None:
                line += "\n  " + self._follow_through(promise, changed)
        return line

    def _replace_lines(self, replace) -> str:
        """What a replace did with the commitments whose wording changed, and the decisions it kept aside."""
        line = ""
        for decided, message in (
            (True, _("%(count)d reworded commitments kept with their staff decisions: %(list)s")),
            (False, _("%(count)d reworded commitments kept as the same rows (nothing decided of them yet): %(list)s")),
        ):
            if these := [(c, was) for c, was, of_staff in replace.carried if of_staff == decided]:
                line += "\n  " + message % {"count": len(these), "list": "; ".join(f"#{c.ordinal} {was} → {c.text}" for c, was in these)}
        if replace.kept:
            line += "\n  " + self.style.WARNING(
                _("kept %(count)d staff decisions on commitments no longer in the text, to re-attach on the report's page: %(list)s")
                % {"count": len(replace.kept), "list": "; ".join(kept_decision_summary(k) for k in replace.kept)}
            )
        if replace.restored:
            line += "\n  " + _("%(count)d tasks an earlier replace had taken out are back word for word, with the staff decisions kept: %(list)s") % {
                "count": len(replace.restored), "list": "; ".join(f"#{c.ordinal} {c.text}" for _k, c in replace.restored),
            }
        return line

    def _follow_through(self, promise, changed: set[int]) -> str:
        return follow_through_line(promise, changed)

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)
