"""Precision and recall of testable rows against the hand annotations in tests/data/extraction/,
and rows per second."""

from __future__ import annotations

import time
from pathlib import Path

import yaml
from django.conf import settings

from ledger.manifest import manifest_overrides
from ledger.pipeline.extract import extract_commitments
from ledger.pipeline.extract.evaluate import Score, score
from ledger.pipeline.read import read_report

ANNOTATIONS = Path(settings.BASE_DIR) / "tests" / "data" / "extraction"
CORPUS_ROOT = Path(settings.BASE_DIR).parent / "shared" / "corpus"


def annotation_source(annotation: dict) -> Path:
    name = annotation["report"]
    return CORPUS_ROOT / name if name.startswith("gwr/") else Path(settings.LEDGER_SEEDS_DIR) / name


def annotations(*, blind: bool = False) -> list[tuple[str, dict]]:
    """The tuned annotations, or (blind=True) those kept blind: never tuned on, figures only."""
    loaded = [(path.stem, yaml.safe_load(path.read_text(encoding="utf-8"))) for path in sorted(ANNOTATIONS.glob("*.yaml"))]
    return [(name, annotation) for name, annotation in loaded if bool(annotation.get("blind")) == blind]


def evaluate(annotation: dict):
    path = annotation_source(annotation)
    read = read_report(path.read_bytes(), source=path.name, overrides=manifest_overrides(path))
    rows = extract_commitments(read.text, read.sections, report_kind=read.metadata.kind.value)
    return rows, score(rows, annotation["rows"])


def run(write, *, repeat: int = 20, verbose: int = 1, quick: bool = False) -> None:
    total = Score()
    write(f"{'annotation':12} {'expected':>8} {'predicted':>9} {'matched':>7} {'precision':>9} {'recall':>6}")
    for name, annotation in annotations():
        if not annotation_source(annotation).exists():
            write(f"{name:12} (absent: {annotation_source(annotation)})")
            continue
        _, result = evaluate(annotation)
        total += result
        write(f"{name:12} {result.expected:>8} {result.predicted:>9} {result.matched:>7} {result.precision:>9.3f} {result.recall:>6.3f}")
        if verbose >= 2:
            for gold in result.missed:
                write(f"    missed   {gold['kind']:12} {gold['object']}")
            for row in result.spurious:
                write(f"    spurious {row.kind:12} {row.object}   «{row.text}»")
    write(f"{'overall':12} {total.expected:>8} {total.predicted:>9} {total.matched:>7} {total.precision:>9.3f} {total.recall:>6.3f}")
    _speed(write, repeat)


def _speed(write, repeat: int) -> None:
    reads = []
    for _, annotation in annotations():
        path = annotation_source(annotation)
        if path.exists():
            reads.append(read_report(path.read_bytes(), source=path.name))
    started, rows = time.perf_counter(), 0
    for _ in range(repeat):
        for read in reads:
            rows += len(extract_commitments(read.text, read.sections, report_kind=read.metadata.kind.value))
    elapsed = time.perf_counter() - started
    write(f"extraction speed: {rows / elapsed:,.0f} rows/s ({elapsed / (repeat * len(reads)) * 1000:.2f} ms per report)")
