"""A commitment's record (the detail endpoint) read as plain rows, as the list reads its page (api/rows.py).

The record as model instances is a query for the commitment and one for each of its evidence, partner units,
progress, history and the history's partner units, each compiled by the ORM on every request (most of the
request). Here each is a ``.values()`` query by the commitment's id, compiled once per process
(api/prepared.py), all six sent in one round trip where the database allows, each in the order the generic path
gives; the rows are handed to CommitmentDetailSerializer as light objects with the attributes it reads: the same
serializer, the same output (tests/test_api_paths.py compares a record with the one model instances give).
"""

from __future__ import annotations

from collections import defaultdict
from types import SimpleNamespace

from django.db.models import F

from ..models import Commitment, Evidence, Report
from ..selectors import term_review_whole
from .prepared import PreparedValues, rows_together
from .rows import (
    COMMITMENT_COLUMNS, EVIDENCE_COLUMNS, PARTNERS, PROGRESS, commitment_rows, evidence_row, ledger_of, unit_ref, user_ref,
)

RECORD_COLUMNS = [
    *COMMITMENT_COLUMNS, "due_label", "sentence", "rule", "status_note", "status_decided_by_id",
    "status_decided_by__username", "status_decided_at",
]
HISTORY_COLUMNS = [
    "history_id", "history_date", "history_user_id", "history_user__username", "history_type", "status",
    "status_origin", "status_confidence", "status_rule", "status_note", "lead_unit_id", "lead_unit__name", "due",
    "due_label", "history_change_reason",
]
_History = Commitment.history.model
_HistoryPartner = _History.partner_units.model

# Each in the order CommitmentViewSet's prefetches and CommitmentDetailSerializer.get_history give.
_COMMITMENT = PreparedValues(lambda ids: Commitment.objects.filter(pk__in=ids).order_by().values(*RECORD_COLUMNS))
_EVIDENCE = PreparedValues(
    lambda ids: Evidence.objects.filter(commitment_id__in=ids).order_by("-score").values(*EVIDENCE_COLUMNS)
)
_HISTORY = PreparedValues(
    lambda ids: _History.objects.filter(id__in=ids).order_by("-history_date").values(*HISTORY_COLUMNS)
)
# The notices of the next year's report of the commitment's report (none while it is not in), found from the
# commitment (by its key) through its report and body: not a test of every report.
_FOLLOW_UP = PreparedValues(
    lambda ids: Report.objects.filter(
        body__reports__commitments__pk__in=ids, body__reports__kind=F("kind"), body__reports__year=F("year") - 1
    ).order_by().values("notices")
)
_HISTORY_PARTNERS = PreparedValues(
    lambda ids: _HistoryPartner.objects.filter(history__id__in=ids)
    .order_by("position", "id")
    .values("history_id", "unit_id", "unit__name")
)


def commitment_record(pk: int) -> SimpleNamespace | None:
    """The commitment as CommitmentDetailSerializer reads it (with ``all_evidence``, ``partner_units``,
    ``progress``, ``history_rows`` and ``follow_up_term_review``), or None when there is none of that id."""
    found, evidence, partners, progress, history, history_partners, follow_up = rows_together(
        *((query, [pk]) for query in (_COMMITMENT, _EVIDENCE, PARTNERS, PROGRESS, _HISTORY, _HISTORY_PARTNERS, _FOLLOW_UP))
    )
    if not found:
        return None
    row = dict(found[0])
    user_id, username = row.pop("status_decided_by_id"), row.pop("status_decided_by__username")
    record = commitment_rows([row])[0]
    record.status_decided_by = user_ref(user_id, username)
    record.all_evidence = [evidence_row(row) for row in evidence]
    ledger = ledger_of(partners, progress)[pk]
    record.partners, record.progress = ledger.partners, ledger.progress
    record.history_rows = _history(history, history_partners)
    record.follow_up_term_review = _term_review(follow_up)
    return record


def follow_up_term_review(pk: int) -> bool | None:
    """Whether the next year's report of commitment ``pk``'s report reads its review whole for the term (None while
    it is not in): the record's own part, for a commitment read otherwise."""
    return _term_review(_FOLLOW_UP.rows([pk]))


def _term_review(follow_up: list[dict]) -> bool | None:
    return term_review_whole(follow_up[0]["notices"]) if follow_up else None


def _history(history: list[dict], history_partners: list[dict]) -> list[SimpleNamespace]:
    partners = defaultdict(list)
    for row in history_partners:
        partners[row["history_id"]].append(SimpleNamespace(unit=unit_ref(row["unit_id"], row["unit__name"]), unit_id=row["unit_id"]))
    versions = []
    for row in history:
        row = dict(row)
        user = user_ref(row.pop("history_user_id"), row.pop("history_user__username"))
        lead_unit = unit_ref(row["lead_unit_id"], row.pop("lead_unit__name"))  # lead_unit_id kept: a unit gone has a name
        versions.append(
            SimpleNamespace(history_user=user, lead_unit=lead_unit, partner_rows=partners.get(row["history_id"], []), **row)
        )
    return versions

