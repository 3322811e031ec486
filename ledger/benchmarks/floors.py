"""Each figure beside its floor, measured in the same run:

- the pipeline (decode, normalise, sections, metadata, extraction) against one regex pass over the same text;
- the first relink of a national pair against its pure scoring (the linker's one vectorised pass);
- ingest of a national report against reading it;
- the API's list, detail and stats/ against the same page as ``.values()`` JSON and the bare GROUP BY, in one
  process and served at 1 and 8 clients, on SQLite and (when DATABASE_URL names one) PostgreSQL (api.py);
- the national-scale estimate: hours to relink one year of every body in the country, and the database size per
  million commitments.
"""

from __future__ import annotations

import re
import statistics
import time

from django.db import connection

from ledger.pipeline import link as linker
from ledger.pipeline.decode import decode
from ledger.pipeline.extract import extract_commitments
from ledger.pipeline.metadata import read_metadata
from ledger.pipeline.normalise import normalise_report
from ledger.pipeline.read import read_report
from ledger.pipeline.sections import read_sections
from ledger.pipeline.types import SectionSpan
from ledger.transactions import atomic

from . import api
from .figures import HEADER, Figure, median_time, paired
from .sources import corpus_dir

# One regex pass: every run of text between sentence ends, the least any reading of the text does. The floor is
# one compiled finditer of this pattern over the report's whole text (decoded as UTF-8, not yet normalised),
# counting the matches: no Python work per character or per sentence.
FLOOR_PATTERN = re.compile(r"[^。！？；\n]+")
# Pairs to relink for one year of every standing committee and government in the country: about 3,200
# bodies (national, provincial, prefectural, county) times two kinds.
NATIONAL_PAIRS = 6400
CORES = 2


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    paths = sorted(corpus_dir().glob("*.txt"))
    if len(paths) < 2:
        write(f"floors: needs {corpus_dir()} (absent)")
        return
    blobs = [(path.name, path.read_bytes()) for path in paths]
    if "ledger_commitment" not in connection.introspection.table_names():
        # Relink and ingest run (rolled back) in the configured database, which must have the ledger's tables.
        write(f"floors: the database {connection.settings_dict['NAME']} has no ledger tables: run manage.py migrate first")
        return
    write(HEADER)
    pipeline(write, blobs, repeat=max(3, repeat // 2), verbose=verbose)
    relink_ms = relink(write, blobs, repeat=max(3, repeat // 4))
    ingest(write, blobs, repeat=max(3, repeat // 4))
    write("")
    write(
        f"national scale: {NATIONAL_PAIRS:,} pairs x {relink_ms * 1000:.0f} ms (first relink of a national pair, "
        f"median) on {CORES} cores = {NATIONAL_PAIRS * relink_ms / CORES / 3600:.2f} h "
        "(national reports are the longest: an upper bound)"
    )
    write("")
    api.run(write, repeat=repeat, verbose=verbose, quick=quick)


def _floor_pass(text: str) -> int:
    return sum(1 for _ in FLOOR_PATTERN.finditer(text))


def pipeline(write, blobs, *, repeat: int, verbose: int) -> None:
    """read_report against one regex pass over the decoded text, per national report; the stages' shares."""
    ratios, works, floors = [], [], []
    stages = {"decode": 0.0, "normalise": 0.0, "sections": 0.0, "metadata": 0.0, "extraction": 0.0}
    for name, data in blobs:
        text = data.decode("utf-8", errors="replace")
        work, floor = paired(lambda: read_report(data, source=name), lambda: _floor_pass(text), repeat=repeat)
        works.append(work)
        floors.append(floor)
        ratios.append(work / floor)
        if verbose >= 2:
            write(Figure(f"pipeline {name}", work, "one regex pass", floor, 20).line())
        for _ in range(max(1, repeat // 3)):
            _stages(data, name, stages)
    write(Figure(f"pipeline, national report (median of {len(blobs)})", statistics.median(works), "one regex pass",
                 statistics.median(floors), 20).line())
    total = sum(stages.values())
    write("    pipeline stages: " + ", ".join(f"{stage} {100 * t / total:.0f} %" for stage, t in stages.items()))


def _stages(data: bytes, name: str, into: dict) -> None:
    marks = [time.perf_counter()]
    decoded = decode(data, source=name)
    marks.append(time.perf_counter())
    text, noise, _repaired = normalise_report(decoded.text)
    marks.append(time.perf_counter())
    sections, _notices = read_sections(text)
    marks.append(time.perf_counter())
    metadata = read_metadata(text, noise=list(noise))
    marks.append(time.perf_counter())
    extract_commitments(text, sections, report_kind=metadata.kind.value)
    marks.append(time.perf_counter())
    for stage, (a, b) in zip(into, zip(marks, marks[1:])):
        into[stage] += b - a


def relink(write, blobs, *, repeat: int) -> float:
    """The first relink of each national pair (every commitment pending, no evidence yet), rolled back each time,
    against the linker's scoring of the same pair. Returns the median first relink in seconds."""
    from ledger.models import Section
    from ledger.services import commitments_link, synthetic_reports_create
    from ledger.services.linking import CANDIDATES

    sources = [read_report(data, source=name) for name, data in blobs]
    works, floors = [], []
    with atomic(rollback=True):
        reports = synthetic_reports_create(sources=sources, copies=1, prefix="基准关联机关")
        for report, follow_up in zip(reports, reports[1:]):
            commitments = list(report.commitments.order_by("ordinal"))
            promises = [linker.Promise(c.pk, c.kind, c.action, c.object) for c in commitments if c.testable]
            spans = [
                SectionSpan(s.kind, s.heading, s.start, s.end)
                for s in Section.objects.filter(report=follow_up).order_by("ordinal")
            ]
            places = linker.place_prefixes(report.body.name)

            def first_relink(report=report):
                with atomic(rollback=True):
                    commitments_link(report=report)

            def scoring(promises=promises, text=follow_up.text, spans=spans, places=places):
                linker.link(promises, text, spans, places=places, candidates=CANDIDATES)

            work, floor = paired(first_relink, scoring, repeat=repeat)
            works.append(work)
            floors.append(floor)
    write(Figure(f"first relink, national pair (median of {len(works)})", statistics.median(works),
                 "its scoring (linker.link)", statistics.median(floors), 2).line())
    return statistics.median(works)


def ingest(write, blobs, *, repeat: int) -> None:
    """Ingest of a national report whose promise report is stored (read, store, link both ways), rolled back,
    against reading it and its first relink: what storing adds."""
    from ledger.services import report_ingest

    (first, first_data), (name, data) = blobs[0], blobs[1]

    def stored():
        with atomic(rollback=True):
            report_ingest(data, source=name)

    with atomic(rollback=True):
        report_ingest(first_data, source=first)
        # Fresh planner statistics (the scratch rows of this transaction included) are not needed: two reports.
        work = median_time(stored, repeat=repeat)
    floor = median_time(lambda: read_report(data, source=name), repeat=repeat)
    write(Figure(f"ingest {name} (read, store, link)", work, "read_report alone", floor).line())
    write(f"    persistence and linking: {100 * (work - floor) / work:.0f} % of ingest ({connection.vendor})")
