"""The ledger as data for analysis: one row per commitment, the header first, codes rather than labels (status
``not_reported``, not 未见报告), and what a researcher needs to weigh and cite a row: who decided its status and how
sure the machine was (confirmed, status_confidence, status_rule), the passage it follows with its place in the
follow-up's text (evidence_in_text false: a passage a replace took out, its offsets no longer index the text), which
follow-up judged it and whether that was a term-end review read whole. A text a spreadsheet would run as a formula
(starting with = + - @) is written behind an apostrophe, as in the 台账: the file is opened in Excel too.

The 台账 (exports.py) is the staff's sheet, read back by the import; this table is read by programs (pandas, R) and
never imported. Offsets index each report's normalised text (the API's ``reports/{id}/?include=text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import chain
from types import SimpleNamespace

from django.db.models import QuerySet
from django.utils import timezone
from django.http import StreamingHttpResponse

from .exports import content_disposition, csv_lines, in_batches, neutralised
from .models import Decision, Evidence, Report, Verdict, task_wording
from .pipeline.link import CLOSE_CANDIDATES
from .selectors import decisive_evidence, follow_ups, is_confirmed, passage_against_person, usable_evidence

_BATCH = 2000
FILENAME = "commitments-%Y%m%d-%H%M.csv"  # local time of the export: two downloads keep apart

# Columns read from the commitment and its report (left: the column; right: the field).
_FIELDS = {
    "id": "id", "body_id": "report__body_id", "body": "report__body__name", "body_level": "report__body__level",
    "report_id": "report_id", "report_kind": "report__kind", "report_year": "report__year", "plan_year": "plan_year",
    "ordinal": "ordinal", "part": "part", "part_heading": "part_heading", "kind": "kind", "category": "category",
    "action": "action", "object": "object", "text": "text", "testable": "testable", "origin": "origin",
    "extraction_rule": "rule",
    "start": "start", "end": "end", "status": "status", "status_origin": "status_origin",
    "status_confidence": "status_confidence", "status_rule": "status_rule", "review_disagrees": "review_disagrees",
    # What a status a person set rests on (its evidence columns are the machine's passage, or none).
    "status_note": "status_note", "status_decided_at": "status_decided_at",
    "lead_unit": "lead_unit__name", "due": "due",
}
EVIDENCE_COLUMNS = [
    "evidence_id", "evidence_start", "evidence_end", "evidence_text", "evidence_in_text", "evidence_score",
    "evidence_verdict", "evidence_rule", "evidence_origin", "evidence_decision", "evidence_matched", "evidence_decisive",
    # The machine's passage beside a status a person set that it reads otherwise: no ground of that status.
    "evidence_against_status", "evidence_note",
    # When a person confirmed (or rejected) the passage: the time of a decision a confirmed row rests on where no
    # person set its status (status_decided_at empty).
    "evidence_decided_at",
]
# The passage closest to a report of a task with no evidence (a candidate below the decision line that may speak of
# it, pipeline.link.CLOSE_CANDIDATES): the score a not_reported (1 − its score) or needs_review status rests on.
CANDIDATE_COLUMNS = ["candidate_id", "candidate_start", "candidate_end", "candidate_score"]
COLUMNS = [
    *_FIELDS, "report_sha256", "task", "confirmed", "follow_up_report_id", "follow_up_sha256", "follow_up_term_review",
    *EVIDENCE_COLUMNS, *CANDIDATE_COLUMNS,
]


def data_rows(queryset: QuerySet, *, ordered: bool = False) -> Iterator[list]:
    """The header, then one list of values per commitment of ``queryset``, in each report's order (``ordered``: in
    the queryset's, which a reader asked for)."""
    yield COLUMNS
    rows = (queryset if ordered else queryset.order_by("report_id", "ordinal")).values(*_FIELDS.values())
    for batch in in_batches(rows.iterator(chunk_size=_BATCH), _BATCH):
        yield from _batch_rows(batch)


def _batch_rows(batch: list[dict]) -> Iterator[list]:
    ids = [row["id"] for row in batch]
    passages: dict[int, list] = {}
    for passage in usable_evidence().filter(commitment_id__in=ids).order_by("-score", "start", "pk"):
        passages.setdefault(passage.commitment_id, []).append(passage)
    closest: dict[int, tuple] = {}
    for candidate in (
        Evidence.objects.filter(commitment_id__in=ids, verdict=Verdict.CANDIDATE, rule__in=CLOSE_CANDIDATES)
        .exclude(decision=Decision.REJECTED)
        .order_by("commitment_id", "-score", "start").values_list("commitment_id", "id", "start", "end", "score")
    ):
        closest.setdefault(candidate[0], candidate[1:])
    reports = list(
        Report.objects.filter(pk__in={row["report_id"] for row in batch}).values("id", "body_id", "kind", "year", "text_sha256")
    )
    found = follow_ups(reports)
    hashes = {report["id"]: report["text_sha256"] for report in reports}
    hashes.update(Report.objects.filter(pk__in={pk for pk, _term in found.values()}).values_list("id", "text_sha256"))
    for row in batch:
        best = decisive_evidence(passages.get(row["id"], []))
        follow_up, term = found.get(row["report_id"], (None, None))
        confirmed = is_confirmed(SimpleNamespace(status_origin=row["status_origin"], status_rule=row["status_rule"]))
        values = [row[field] for field in _FIELDS.values()]
        values += [
            hashes[row["report_id"]], task_wording(row["text"], row["object"], row["action"], row["kind"]), confirmed,
            follow_up, hashes.get(follow_up), term,
        ]
        if best is not None:
            detail = best.rule_detail or {}
            values += [
                best.pk, best.start, best.end, best.text, best.in_text, best.score, best.verdict, best.rule, best.origin,
                best.decision, "、".join(detail.get("matched") or []), detail.get("decisive") or "",
                passage_against_person(SimpleNamespace(status_origin=row["status_origin"], status=row["status"]), best),
                best.note, best.decided_at,
            ]
            values += [None] * len(CANDIDATE_COLUMNS)
        else:
            values += [None] * len(EVIDENCE_COLUMNS)
            values += list(closest.get(row["id"], (None,) * len(CANDIDATE_COLUMNS)))
        yield values


def data_csv(queryset: QuerySet, *, ordered: bool = False) -> StreamingHttpResponse:
    """The table as UTF-8 CSV (header first, empty for null, true/false), streamed. A BOM comes first: Excel reads
    the Chinese text as UTF-8 only with it, and pandas, R and Python's utf-8-sig read past it."""
    lines = chain(["\ufeff"], csv_lines([_cell(value) for value in row] for row in data_rows(queryset, ordered=ordered)))
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition(timezone.localtime().strftime(FILENAME))
    return response


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):  # as the API gives times
        return timezone.localtime(value).isoformat()
    return neutralised(value)
