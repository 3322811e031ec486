"""The reports a synthetic ledger is made of: the national government work reports of the shared corpus,
read once (services.synthetic_reports_create copies them)."""

from __future__ import annotations

from pathlib import Path

from ledger.pipeline.read import read_report
from ledger.pipeline.types import ReadReport

from .sources import corpus_dir


def source_reports(directory: Path | None = None) -> list[ReadReport]:
    return [read_report(path.read_bytes(), source=path.name) for path in sorted((directory or corpus_dir()).glob("*.txt"))]
