"""A synthetic ledger for benchmarks: the real reports repeated over synthetic bodies.

Each copy is a body of its own holding every source report, so consecutive years stay real follow-up
pairs. Rows are bulk-copied from one pipeline pass over the sources, so building 100 copies takes seconds.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from ..models import Body, Commitment, Level, Report, Section
from ..pipeline.types import ReadReport
from .ingest import commitment_fields, section_rows

_BATCH = 2000


@transaction.atomic
def synthetic_reports_create(*, sources: list[ReadReport], copies: int, prefix: str = "合成测试机关") -> list[Report]:
    """``copies`` synthetic bodies, each with a copy of every source report, its sections and commitments."""
    bodies = Body.objects.bulk_create(
        [Body(name=f"{prefix}{i:05d}", level=Level.COUNTY) for i in range(copies)], batch_size=_BATCH
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                body=body,
                kind=source.metadata.kind.value,
                year=source.metadata.year.value,
                title=source.title,
                source=f"synthetic/{body.name}/{source.source}",
                encoding=source.encoding,
                raw_text=source.raw,
                text=source.text,
                text_sha256=hashlib.sha256(f"{body.name}\n{source.text}".encode()).hexdigest(),
            )
            for body in bodies
            for source in sources
        ],
        batch_size=_BATCH,
    )
    sections, commitments = [], []
    for index, report in enumerate(reports):
        source = sources[index % len(sources)]
        sections += section_rows(report, source)
        commitments += [Commitment(**commitment_fields(report, row)) for row in source.commitments]
    Section.objects.bulk_create(sections, batch_size=_BATCH)
    Commitment.objects.bulk_create(commitments, batch_size=_BATCH)
    return reports
