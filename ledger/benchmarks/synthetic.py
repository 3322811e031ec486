"""A synthetic ledger for benchmarks: the real reports repeated over synthetic bodies.

Each copy is a body of its own holding every source report, so consecutive years stay real follow-up
pairs. Rows are bulk-copied from one pipeline pass over the sources, so building 100 copies takes seconds.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ledger.models import Body, Commitment, Level, Report, Section
from ledger.pipeline.extract import extract_commitments
from ledger.pipeline.read import read_report
from ledger.services.ingest import commitment_fields, section_rows
from ledger.pipeline.types import CommitmentRow, ReadReport

CORPUS_DIR = Path(settings.BASE_DIR).parent / "shared" / "corpus" / "gwr"
_BATCH = 2000


@dataclass
class Source:
    read: ReadReport
    rows: list[CommitmentRow]


def source_reports(directory: Path = CORPUS_DIR) -> list[Source]:
    sources = []
    for path in sorted(directory.glob("*.txt")):
        read = read_report(path.read_bytes(), source=path.name)
        sources.append(Source(read, extract_commitments(read.text, read.sections, report_kind=read.metadata.kind.value)))
    return sources


def clone_corpus(sources: list[Source], copies: int, *, prefix: str = "合成测试机关") -> list[Report]:
    """``copies`` synthetic bodies, each with a copy of every source report, its sections and commitments."""
    bodies = Body.objects.bulk_create(
        [Body(name=f"{prefix}{i:05d}", level=Level.COUNTY) for i in range(copies)], batch_size=_BATCH
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                body=body,
                kind=source.read.metadata.kind.value,
                year=source.read.metadata.year.value,
                title=source.read.title,
                source=f"synthetic/{body.name}/{source.read.source}",
                encoding=source.read.encoding,
                raw_text=source.read.raw,
                text=source.read.text,
                text_sha256=hashlib.sha256(f"{body.name}\n{source.read.text}".encode()).hexdigest(),
            )
            for body in bodies
            for source in sources
        ],
        batch_size=_BATCH,
    )
    sections, commitments = [], []
    for index, report in enumerate(reports):
        source = sources[index % len(sources)]
        sections += section_rows(report, source.read)
        commitments += [Commitment(**commitment_fields(report, row)) for row in source.rows]
    Section.objects.bulk_create(sections, batch_size=_BATCH)
    Commitment.objects.bulk_create(commitments, batch_size=_BATCH)
    return reports
