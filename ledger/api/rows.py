"""A list page read as plain rows and served by its own serializer.

A page of commitments as model instances costs three objects a row (the commitment, its report and the report's
body) built through the ORM's related-object machinery. The list reads the columns its serializer shows with
``.values()`` instead, and hands the serializer each row as a light object with the same attributes
(``row.report.body.name``, ``row.lead_unit``): the serializer, and so the output, are the same; only the
container is lighter. tests/test_perf_paths.py compares a page with the one model instances give.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

from ..selectors import decisive_evidence, usable_evidence

# What CommitmentSerializer shows of a commitment, its report and its lead unit.
COMMITMENT_COLUMNS = [
    "id", "ordinal", "plan_year", "part", "part_heading", "kind", "category", "action", "object", "text", "testable",
    "start", "end", "sentence_start", "sentence_end", "status", "status_origin", "status_confidence", "status_rule",
    "due", "report_id", "report__body__name", "report__kind", "report__year", "lead_unit_id", "lead_unit__name",
]


# What EvidenceSerializer shows of a passage.
EVIDENCE_COLUMNS = [
    "id", "commitment_id", "report_id", "start", "end", "text", "score", "verdict", "origin", "decision",
    "decided_by_id", "decided_by__username", "decided_at", "note", "rule", "rule_detail",
]


class PageRows:
    """What a paginator pages: the queryset's rows as ``.values(*columns)``, counted on the queryset itself (the
    joins the columns bring, to the body and the lead unit, change no count but slow it down)."""

    def __init__(self, queryset, columns):
        self.queryset, self.rows = queryset, queryset.values(*columns)
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.rows[index]


def commitment_rows(values: Iterable[dict]) -> list[SimpleNamespace]:
    """Rows of ``.values(*COMMITMENT_COLUMNS)`` as objects CommitmentSerializer reads as it reads a commitment."""
    rows = []
    for row in values:
        row = dict(row)
        report_id = row.pop("report_id")
        report = SimpleNamespace(
            id=report_id, pk=report_id, kind=row.pop("report__kind"), year=row.pop("report__year"),
            body=SimpleNamespace(name=row.pop("report__body__name")),
        )
        unit_id, unit_name = row.pop("lead_unit_id"), row.pop("lead_unit__name")
        lead_unit = None if unit_id is None else SimpleNamespace(id=unit_id, pk=unit_id, name=unit_name)
        rows.append(SimpleNamespace(pk=row["id"], report=report, lead_unit=lead_unit, **row))
    return rows


def evidence_row(row: dict) -> SimpleNamespace:
    """A row of ``.values(*EVIDENCE_COLUMNS)`` as an object EvidenceSerializer reads as it reads a passage (its
    relations as objects with a pk, the user with a username)."""
    row = dict(row)
    commitment_id, report_id = row.pop("commitment_id"), row.pop("report_id")
    user_id, username = row.pop("decided_by_id"), row.pop("decided_by__username")
    return SimpleNamespace(
        pk=row["id"], commitment_id=commitment_id, commitment=SimpleNamespace(pk=commitment_id),
        report=SimpleNamespace(pk=report_id), decided_by=None if user_id is None else SimpleNamespace(pk=user_id, username=username),
        **row,
    )


def decisive_evidence_of(commitment_ids) -> dict[int, SimpleNamespace]:
    """The decisive evidence (selectors.decisive_evidence) of each of these commitments that has some, by
    commitment id: one plain query for their usable evidence, picked from in Python (a window ranking them in the
    database costs more to build than the passages of a page cost to pick from)."""
    passages = defaultdict(list)
    for row in usable_evidence().filter(commitment_id__in=list(commitment_ids)).values(*EVIDENCE_COLUMNS):
        passages[row["commitment_id"]].append(evidence_row(row))
    return {commitment_id: decisive_evidence(evidence) for commitment_id, evidence in passages.items()}


def with_decisive_evidence(rows: list) -> list:
    """The rows, each with its decisive evidence (or None) as ``decisive``, which CommitmentSerializer shows."""
    found = decisive_evidence_of(row.pk for row in rows) if rows else {}
    for row in rows:
        row.decisive = found.get(row.pk)
    return rows
