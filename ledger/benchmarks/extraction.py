"""Precision and recall of testable rows against the hand annotations in tests/data/extraction/,
and rows per second.

Two kinds of annotation: a whole tasks section (`section:`), matched strictly (same kind, same object after
normalising); and whole numbered parts of a government report (`annotated_parts:` without `section:`),
matched by span (a row overlapping the annotated text that holds most of its object, one row per
deliverable), tuned and blind side by side. A `narrow` annotation predates the broad definition of a
government deliverable: only its recall counts. At verbosity 2, every predicted testable row with the rule that produced it, then the
rows missed (with the rules that fired on their sentence) and the spurious ones."""

from __future__ import annotations

import time
from pathlib import Path

import yaml
from django.conf import settings

from ledger.manifest import manifest_overrides
from ledger.pipeline.extract import extract_commitments
from ledger.pipeline.extract.evaluate import Score, score
from ledger.pipeline.read import read_report
from ledger.pipeline.types import CommitmentRow, ReadReport

from . import followthrough
from .sources import source_path

ANNOTATIONS = Path(settings.BASE_DIR) / "tests" / "data" / "extraction"
UNKNOWN_RULE = "?"  # a row extracted before rules were recorded


def annotations(*, blind: bool = False) -> list[tuple[str, dict]]:
    """The tuned annotations, or (blind=True) those kept blind: never tuned on, figures only."""
    loaded = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(ANNOTATIONS.glob("*.yaml"))]
    return [(name, annotation) for name, annotation in loaded if bool(annotation.get("blind")) == blind]


def read_annotated(annotation: dict) -> ReadReport:
    path = source_path(annotation["report"])
    return read_report(path.read_bytes(), source=path.name, overrides=manifest_overrides(path))


def evaluate(annotation: dict) -> tuple[ReadReport, Score]:
    read = read_annotated(annotation)
    return read, score(read.commitments, annotation["rows"])


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    total = Score()
    write(f"{'annotation':12} {'expected':>8} {'predicted':>9} {'matched':>7} {'precision':>9} {'recall':>6}")
    reads = []
    for name, annotation in annotations():
        if "section" not in annotation:
            continue  # parts, below
        if not source_path(annotation["report"]).exists():
            write(f"{name:12} (absent: {source_path(annotation['report'])})")
            continue
        read, result = evaluate(annotation)
        reads.append(read)
        if annotation.get("narrow"):
            write(f"{name:12} {result.expected:>8} {'—':>9} {result.matched:>7} {'—':>9} {result.recall:>6.3f}   (narrow: recall only)")
        else:
            total += result
            write(f"{name:12} {result.expected:>8} {result.predicted:>9} {result.matched:>7} {result.precision:>9.3f} {result.recall:>6.3f}")
        if verbose >= 2:
            _rows(write, read, result)
    write(f"{'overall':12} {total.expected:>8} {total.predicted:>9} {total.matched:>7} {total.precision:>9.3f} {total.recall:>6.3f}")
    write("")
    _parts(write)
    _speed(write, reads, repeat)


def _parts(write) -> None:
    """Whole parts of government reports, matched by span; tuned and blind side by side."""
    write("government report parts (span-based, see ledger/benchmarks/followthrough.py)")
    write(f"{'annotation':18} {'group':6} {'expected':>8} {'predicted':>9} {'matched':>7} {'precision':>9} {'recall':>6}")
    for blind in (False, True):
        group = "blind" if blind else "tuned"
        for name, annotation in annotations(blind=blind):
            if "section" in annotation:
                continue
            if not source_path(annotation["report"]).exists():
                write(f"{name:18} {group:6} (absent: {annotation['report']})")
                continue
            expected, predicted, matched, matching = parts_score(read_annotated(annotation), annotation)
            write(
                f"{name:18} {group:6} {expected:>8} {predicted:>9} {matched:>7} "
                f"{matching / max(predicted, 1):>9.3f} {matched / max(expected, 1):>6.3f}"
            )


def parts_score(read: ReadReport, annotation: dict) -> tuple[int, int, int, int]:
    """(annotated, predicted, annotated found, predicted rows that stand for one) for the annotated parts of
    a report's tasks sections (a list the annotator kept whole may stand as several rows)."""
    spans = [
        (part.start, part.end)
        for section in read.sections
        if section.kind == "tasks"
        for part in section.parts
        if part.number in annotation["annotated_parts"]
    ]
    rows = [row for row in read.commitments if row.testable and any(s <= row.start < e for s, e in spans)]
    items = []
    for gold in annotation["rows"]:
        at = next((found for s, e in spans if (found := read.text.find(gold["text"], s, e)) >= 0), -1)
        if at < 0:
            raise LookupError(f"annotated text not in its part: {gold['text']}")
        items.append(followthrough.Deliverable(gold["object"], at, at + len(gold["text"]), "", ()))
    found = followthrough.found_rows(items, rows)
    return len(items), len(rows), len(found), sum(map(len, found.values()))


def _rows(write, read: ReadReport, result: Score) -> None:
    for row in read.commitments:
        if row.testable:
            write(f"    {_rule(row):28} {row.kind:12} {row.object}")
    for gold in result.missed:
        write(f"    missed   {_sentence_rules(read, gold['text']):28} {gold['kind']:12} {gold['object']}")
    for row in result.spurious:
        write(f"    spurious {_rule(row):28} {row.kind:12} {row.object}   «{row.text}»")


def _rule(row: CommitmentRow) -> str:
    return row.rule or UNKNOWN_RULE


def _sentence_rules(read: ReadReport, text: str) -> str:
    """The rules of the rows extracted from the tasks sentence holding ``text`` ("general" when it gave none)."""
    for section in read.sections:
        at = read.text.find(text, section.start, section.end) if section.kind == "tasks" else -1
        if at >= 0:
            rules = {_rule(row) for row in read.commitments if row.sentence_start <= at < row.sentence_end}
            return ",".join(sorted(rules)) or "—"
    return "—"


def _speed(write, reads: list[ReadReport], repeat: int) -> None:
    # The extractor on its own, timed: read_report ran it once already and read.commitments holds its rows.
    started, rows = time.perf_counter(), 0
    for _ in range(repeat):
        for read in reads:
            rows += len(extract_commitments(read.text, read.sections, report_kind=read.metadata.kind.value))
    elapsed = time.perf_counter() - started
    if reads:
        write(f"extraction speed: {rows / elapsed:,.0f} rows/s ({elapsed / (repeat * len(reads)) * 1000:.2f} ms per report)")
