"""Reading a report file into the ledger: the report, its sections and its commitments."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext

from .. import deletions
from ..models import Body, Commitment, Decision, Evidence, Origin, Report, ReportKind, Section, SectionKind
from ..numbers import over_limit
from ..pipeline import link as linker
from ..pipeline.errors import (
    ConflictError, DuplicateReportError, IngestError, NotAFileError, Notice, ReplaceLosesTasksError, TooLargeError, gettext_noop,
)
from ..pipeline.read import read_report
from ..pipeline.types import CommitmentRow, Fact, ReadReport
from . import bulk
from .bodies import body_get_or_create
from .carry import ReplaceResult, dice, kept_from, kept_restored, match, staff_decided
from .linking import RelinkResult, commitments_delete, report_relink
from .tasks import staff_tasks_placed

CREATED, UNCHANGED, REPLACED = "created", "unchanged", "replaced"


@dataclass(frozen=True)
class IngestResult:
    """What became of one report file."""

    report: Report
    outcome: str  # CREATED, UNCHANGED (the same normalised text is stored already) or REPLACED
    relink: RelinkResult  # what linking it both ways changed; empty when unchanged
    # Reworded commitments that kept their decisions, and decisions kept for a person to re-attach.
    replace: ReplaceResult = dataclasses.field(default_factory=ReplaceResult)

    @property
    def stored(self) -> bool:
        """Whether anything was written: a new or a replaced report."""
        return self.outcome != UNCHANGED


def upload_read(upload) -> bytes:
    """An uploaded file's bytes; a file over the limit is refused before it is read into memory."""
    _size_check(upload.size, source=upload.name)
    return upload.read()


def file_read(path: Path, *, source: str) -> bytes:
    """A report file's bytes, read only once it is a regular file within the size limit, and never more than the limit
    (a device such as /dev/zero, read whole, filled the memory; a pipe never ended)."""
    # Opened without waiting (a pipe would block the open), then judged by what was opened, not by a name that may
    # point elsewhere by then.
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as error:
        raise NotAFileError(gettext_noop("%(source)s: there is no such file."), source=source) from error
    except PermissionError as error:
        raise NotAFileError(gettext_noop("%(source)s cannot be read: permission denied."), source=source) from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise NotAFileError(
                gettext_noop("%(source)s is not a file (a folder, a device or a pipe): nothing was read."), source=source
            )
        _size_check(info.st_size, source=source)
        limit = settings.LEDGER_MAX_REPORT_BYTES
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    finally:
        os.close(descriptor)
    _size_check(len(data), source=source)  # it grew since
    return data


def _size_check(size: int, *, source: str) -> None:
    limit = settings.LEDGER_MAX_REPORT_BYTES
    if size > limit:
        raise TooLargeError(
            gettext_noop("%(source)s is %(size)s, more than the limit of %(limit)s."),
            source=source,
            **over_limit(size, limit),
        )


def report_ingest(data: bytes, *, source: str, replace: bool = False, **overrides: Any) -> IngestResult:
    """Read a report file and store it with its sections and commitments, then link it both ways.

    ``overrides`` (body, kind, year, level) win over what is read from the text; a value may be a
    Fact to record where it came from (seeds/manifest.yaml), otherwise it is taken as given by hand.
    Raises an IngestError, and stores nothing, for bad input.
    """
    _size_check(len(data), source=source)
    source = _source_name(source)
    body = overrides.get("body")
    body_name = body.value if isinstance(body, Fact) else body
    if body_name and len(str(body_name)) > Body._meta.get_field("name").max_length:
        raise IngestError(
            gettext_noop("%(source)s: the body given is %(length)d characters long; a body's name has at most %(limit)d."),
            source=source, length=len(str(body_name)), limit=Body._meta.get_field("name").max_length,
        )
    facts = {
        name: value if isinstance(value, Fact) else Fact(value, "override")
        for name, value in overrides.items()
        if value not in (None, "")
    }
    # Read outside the transaction: a write transaction holds the database's write lock (SQLite), so it
    # holds it only for the writing.
    if "year" in facts:
        _year_check(facts["year"].value, source=source, evidence="")
    read = read_report(data, source=source, overrides=facts)
    _year_check(read.metadata.year.value, source=source, evidence=read.metadata.year.evidence)
    digest = hashlib.sha256(read.text.encode("utf-8")).hexdigest()
    try:
        return _report_store(read, digest, replace=replace)
    except (IntegrityError, ValidationError) as error:
        # A concurrent upload of the same text (or of the same body's first report) won the race between
        # the lookups below and the insert: store again, now that its rows are committed and visible.
        if isinstance(error, ValidationError) and not _unique_violation(error):
            raise IngestError(
                gettext_noop("%(source)s could not be stored: %(problem)s"), source=source, problem=" ".join(error.messages)
            ) from error
        return _report_store(read, digest, replace=replace)


# The first work reports to the National People's Congress (1954); none can be from a year still to come.
FIRST_YEAR = 1954


def _year_check(year, *, source: str, evidence: str) -> None:
    last = timezone.localdate().year
    try:
        ok = FIRST_YEAR <= int(year) <= last
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise IngestError(
            gettext_noop("%(source)s: the year %(year)s%(evidence)s cannot be a report's: a report's year lies between %(first)d and this year, %(last)d."),
            source=source, year=year, evidence=f"（{evidence}）" if evidence else "", first=FIRST_YEAR, last=last,
        )


def _source_name(source: str) -> str:
    """The file's name as stored and shown: a path longer than its column keeps its end (the file's own name)."""
    limit = Report._meta.get_field("source").max_length
    return source if len(source) <= limit else "…" + source[len(source) - limit + 1 :]


def _unique_violation(error: ValidationError) -> bool:
    """Whether full_clean() refused only because a row with the same unique values exists."""
    groups = error.error_dict.values() if hasattr(error, "error_dict") else [error.error_list]
    return all(e.code in {"unique", "unique_together"} for group in groups for e in group)


@transaction.atomic
def _report_store(read: ReadReport, digest: str, *, replace: bool) -> IngestResult:
    source = read.source
    same = Report.objects.select_related("body").filter(text_sha256=digest).first()
    if same is not None:
        _given_matches_stored(read, same)
        return IngestResult(same, UNCHANGED, RelinkResult())

    meta = read.metadata
    body = body_get_or_create(name=meta.body.value, level=meta.level.value, parent_name=meta.parent.value)
    kind, year = read.metadata.kind.value, int(read.metadata.year.value)
    report = Report.objects.select_for_update().filter(body=body, kind=kind, year=year).first()
    if report is not None and not replace:
        raise DuplicateReportError(
            gettext_noop(
                "%(source)s: %(body)s already has a %(year)s report of this kind (from %(existing)s) "
                "with a different text; replace it explicitly to load this one instead."
            ),
            source=source,
            body=body.name,
            year=year,
            existing=report.source,
        )
    if report is not None and not any(section.kind == SectionKind.TASKS for section in read.sections):
        if count := report.commitments.exclude(origin=Origin.STAFF).count():  # a replace keeps staff-added tasks
            raise ReplaceLosesTasksError(
                gettext_noop(
                    "%(source)s has no tasks section: replacing the stored %(year)s report with it would take out all "
                    "its %(count)d tasks. Nothing was replaced; check that the file holds the whole report."
                ),
                source=source, year=year, count=count,
            )
    outcome = REPLACED if report is not None else CREATED
    old_length = len(report.text) if report is not None else 0  # where the stored rows' offsets point
    if report is None:
        report = Report(body=body, kind=kind, year=year)
    else:
        report.updated_at = report.rows_changed_at = timezone.now()
    if outcome == REPLACED and report.review_at is None and report.sections.filter(kind=SectionKind.REVIEW).exists():
        report.review_at = report.review_came_in  # its review came in before (a report loaded from the seeds' fixture)
    _fill_report(report, read, digest)
    if report.review_at is None and any(section.kind == SectionKind.REVIEW for section in read.sections):
        report.review_at = report.updated_at  # the review comes in now (with the first load, or with this replace)
    report.full_clean()
    report.save()
    report.sections.all().delete()
    sections = Section.objects.bulk_create(section_rows(report, read))
    if outcome == REPLACED:
        _evidence_follow(report, sections)
    replaced = _commitments_replace(report, read.commitments, old_length)
    return IngestResult(report, outcome, report_relink(report=report), replaced)


def _given_matches_stored(read: ReadReport, stored: Report) -> None:
    """The text is stored already: a body, kind or year given (by hand or by a manifest) that differs from
    what is stored would be silently ignored, so it is refused, naming both; nothing is changed."""
    meta = read.metadata
    stored_values = {"body": stored.body.name, "kind": stored.kind, "year": stored.year}
    given = {
        name: getattr(meta, name).value
        for name in stored_values
        if getattr(meta, name).source in ("override", "manifest")
    }
    if any(str(value) != str(stored_values[name]) for name, value in given.items()):
        raise ConflictError(
            gettext_noop(
                "%(source)s: this text is stored already (from %(existing)s) as %(body)s, %(kind)s, %(year)s; "
                "the values given (%(given)s) were not applied and nothing was changed."
            ),
            source=read.source,
            existing=stored.source,
            body=stored.body.name,
            kind=str(ReportKind(stored.kind).label),
            year=stored.year,
            # In the reader's words: 报告类型 政府工作报告, not kind gov.
            given="、".join(
                f"{Report._meta.get_field(name).verbose_name} "
                f"{ReportKind(value).label if name == 'kind' and value in ReportKind.values else value}"
                for name, value in given.items()
            ),
        )


def _fill_report(report: Report, read: ReadReport, digest: str) -> None:
    report.title = read.title
    report.source = read.source
    report.encoding = read.encoding
    report.raw_text = read.raw
    report.text = read.text
    report.text_sha256 = digest
    meta = read.metadata
    report.provenance = {
        name: getattr(meta, name).as_dict() for name in ("body", "level", "parent", "kind", "year")
    }
    report.notices = [notice.as_dict() for notice in read.notices]


def section_rows(report: Report, read: ReadReport) -> list[Section]:
    """Unsaved Section rows of ``report`` as read (the synthetic benchmark data uses them too)."""
    return [
        Section(
            report=report,
            ordinal=ordinal,
            kind=span.kind,
            heading=span.heading,
            start=span.start,
            end=span.end,
            parts=[
                {"number": p.number, "level": p.level, "heading": p.heading, "start": p.start, "end": p.end}
                for p in span.parts
            ],
        )
        for ordinal, span in enumerate(read.sections, start=1)
    ]


# A passage a replace rewords is followed to its new wording when the two are at least this alike (carry.dice, as
# for a reworded commitment) and no other sentence of the review comes within RIVAL_MARGIN of it.
REWORDED_LIKENESS = 0.7
RIVAL_MARGIN = 0.1
REWORDED_BY_REPLACE = gettext_noop("reworded by a replace (was: %(old)s)")


def _evidence_follow(report: Report, sections: list[Section]) -> None:
    """Staff-decided evidence taken from this report's review keeps pointing at its passage in the new text: the
    occurrence nearest to where it was, else the one sentence of the review that rewords it (its new wording stored,
    the old one in its history). A passage the new text no longer holds keeps its decision and its stored wording;
    the report says so, naming the tasks."""
    text = report.text
    # The passages the linker reads: a passage followed to its new wording has the bounds of the machine's.
    sentences = linker.review_passages(text, sections)
    moved, reworded, lost = [], [], []
    for evidence in Evidence.objects.filter(report=report).select_related("commitment__report"):
        if not evidence.decided_by_staff:
            continue  # the relink that follows the replace reads the machine's passages anew
        if text[evidence.start : evidence.end] == evidence.text:
            if not evidence.in_text:  # back in the text with an earlier wording
                evidence.in_text = True
                moved.append(evidence)
            continue
        found = [m.start() for m in re.finditer(re.escape(evidence.text), text)]
        if found:
            evidence.start = min(found, key=lambda start: abs(start - evidence.start))
            evidence.end = evidence.start + len(evidence.text)
            evidence.in_text = True
            moved.append(evidence)
            continue
        likeness = sorted(((dice(evidence.text, text[s:e]), s, e) for s, e in sentences), reverse=True)
        if likeness and likeness[0][0] >= REWORDED_LIKENESS and (
            len(likeness) == 1 or likeness[1][0] < likeness[0][0] - RIVAL_MARGIN
        ):
            old = evidence.text
            _, evidence.start, evidence.end = likeness[0]
            evidence.text, evidence.in_text = text[evidence.start : evidence.end], True
            evidence._history_user = None
            evidence._change_reason = gettext(REWORDED_BY_REPLACE) % {"old": old}
            reworded.append(evidence)
            continue
        if evidence.in_text:
            evidence.in_text = False
            lost.append(evidence)
    bulk.objects_update(Evidence, moved, ["start", "end", "in_text"])
    for evidence in [*reworded, *lost]:
        # A machine proposal left at the span the passage now takes gives way (the relink proposes anew).
        Evidence.objects.filter(
            commitment_id=evidence.commitment_id, report=report, start=evidence.start, end=evidence.end
        ).exclude(pk=evidence.pk).filter(origin=Origin.AUTO, decision=Decision.PROPOSED).delete()
        evidence.save(update_fields=["start", "end", "text", "in_text"])  # with its history row: what it said before
    if lost:
        tasks = sorted({(e.commitment.report.year, e.commitment.ordinal, e.commitment.task) for e in lost})
        report.notices.append(
            Notice(
                "evidence_lost",
                gettext_noop(
                    "%(count)d passages that staff decided on are no longer in the replaced text; their decisions are "
                    "kept, with the passages' old wording: tasks %(tasks)s."
                ),
                # With its words: a later replace of the promise report may number the task otherwise.
                {"count": len(lost), "tasks": "、".join(f"{year} #{ordinal}（{task[:16]}）" for year, ordinal, task in tasks)},
            ).as_dict()
        )
        report.save(update_fields=["notices"])


# The history's reason for a row a replace only moved in the text (its 台账 columns untouched).
MOVED_BY_REPLACE = gettext_noop("moved in the text by a replace (same wording)")


def _commitments_replace(report: Report, rows: list[CommitmentRow], old_length: int) -> ReplaceResult:
    """Store the rows as the report's commitments, losing no staff decision.

    A stored commitment that the new text still holds (same kind, action, object and wording) is kept as the
    same row, so whatever staff decided about it stays. Of the others, an old commitment that a new one clearly
    rewords (carry.match) is kept too and takes the new wording: its status, evidence and the decisions on them
    stay with it, and its history records the old wording. An old commitment with staff decisions and no clear
    successor goes, its decisions copied to a KeptDecision for a person to re-attach; the rest go, new rows are
    created for the new ones."""
    result = ReplaceResult()
    # Tasks staff added are in no sentence: kept as they are, out of the way of the new rows' ordinals meanwhile.
    staff_added = report.commitments.filter(origin=Origin.STAFF)
    staff_added.update(ordinal=F("ordinal") + 2 * 10**6)
    kept: dict[tuple, list[Commitment]] = {}
    for old in report.commitments.exclude(origin=Origin.STAFF).order_by("ordinal"):
        kept.setdefault(_identity(old), []).append(old)
    updated, created, reworded, moved = [], [], [], []
    rows_fields = [commitment_fields(report, row) for row in rows]
    same = _same_rows(kept, rows, rows_fields, old_length, len(report.text))
    for index, fields in enumerate(rows_fields):
        commitment = same.get(index)
        if commitment is not None:
            before = [getattr(commitment, name) for name in _TRACKED_ROW_FIELDS]
            for name, value in fields.items():
                setattr(commitment, name, value)
            updated.append(commitment)
            if before != [getattr(commitment, name) for name in _TRACKED_ROW_FIELDS]:
                commitment._change_reason = gettext(MOVED_BY_REPLACE)
                moved.append(commitment)
        else:
            reworded.append(fields)
    gone = [c for left in kept.values() for c in left]
    # What staff decided of each: said of a reworded row that keeps it, kept aside for one that goes.
    evidence: dict[int, list[Evidence]] = {}
    for e in Evidence.objects.filter(commitment__in=gone).order_by("start"):
        evidence.setdefault(e.commitment_id, []).append(e)
    prefetch_related_objects(gone, "partner_links__unit", "progress", "lead_unit")
    pairs = match(gone, [_Wording(f["kind"], f["object"], f["text"]) for f in reworded])
    taken_old, taken_new = {i for i, _j, _s in pairs}, {j for _i, j, _s in pairs}
    for i, j, _score in pairs:
        commitment, was = gone[i], gone[i].text
        decided = staff_decided(commitment, evidence.get(commitment.pk, []))
        for name, value in reworded[j].items():
            setattr(commitment, name, value)
        updated.append(commitment)
        if commitment.text == was:  # the same words read otherwise (another object): moved, not reworded
            commitment._change_reason = gettext(MOVED_BY_REPLACE)
            moved.append(commitment)
            continue
        reason = (
            gettext("task reworded by a replace; decisions carried (was: %(text)s)") if decided
            else gettext("task reworded by a replace (was: %(text)s)")
        )
        commitment._change_reason = reason % {"text": was}
        result.carried.append((commitment, was, decided))
    created = [Commitment(**fields) for j, fields in enumerate(reworded) if j not in taken_new]
    gone = [c for i, c in enumerate(gone) if i not in taken_old]
    for commitment in gone:
        if staff_decided(commitment, evidence.get(commitment.pk, [])):
            result.kept.append(kept_from(commitment, evidence.get(commitment.pk, []), source=report.source))
    commitments_delete([c.pk for c in gone], deletions.reason("replaced"))
    if updated:
        # Ordinals are unique per report: move the kept rows out of the way before renumbering them.
        final = {c.pk: c.ordinal for c in updated}
        for c in updated:
            c.ordinal = 10**6 + final[c.pk]
        bulk.objects_update(Commitment, updated, ["ordinal"])  # one prepared UPDATE a row, not a CASE WHEN of every row
        for c in updated:
            c.ordinal = final[c.pk]
        bulk.objects_update(Commitment, updated, [*_ROW_FIELDS, "plan_year", "sentence"])
    if result.carried or moved:
        # Each row the replace changed has a record of its own, attributed to the replace (a staff change after it
        # would otherwise show the new positions as its own).
        bulk.history_copy(Commitment, [c for c, _was, _decided in result.carried] + moved, update=True)
    bulk.objects_insert(Commitment, created)  # one prepared INSERT; no history, as bulk_create wrote none
    for item in result.kept:
        item.full_clean()
        item.save()
    # The rows this replace created: neither kept nor carried, nor added by staff.
    new_rows = report.commitments.filter(origin=Origin.AUTO).exclude(pk__in=[c.pk for c in updated])
    kept_restored(report, new_rows, result=result)
    staff_tasks_placed(report)
    return result


@dataclass(frozen=True)
class _Wording:
    kind: str
    object: str
    text: str


# CommitmentRow and Commitment share these field names.
_ROW_FIELDS = tuple(field.name for field in dataclasses.fields(CommitmentRow))
# Those the history keeps (not the texts it leaves out).
_TRACKED_ROW_FIELDS = tuple(
    name for name in (*_ROW_FIELDS, "plan_year") if name not in Commitment.history.model._history_excluded_fields
)


def commitment_fields(report: Report, row: CommitmentRow) -> dict:
    """A Commitment's fields from a row extracted from ``report`` (the synthetic benchmark data uses it too)."""
    return {
        "report": report,
        "plan_year": report.year,
        "sentence": report.text[row.sentence_start : row.sentence_end],
    } | {name: getattr(row, name) for name in _ROW_FIELDS}


def _identity(commitment) -> tuple:
    return (commitment.kind, commitment.action, commitment.object, commitment.text)


def _same_rows(kept: dict, rows: list, rows_fields: list[dict], old_length: int, new_length: int) -> dict[int, Commitment]:
    """The stored row each new row is, where one has its wording (new row's index → row; ``kept`` loses them). Of
    stored rows worded alike (适度扩大总需求 in the opening and again in part 三), the one in the same sentence first,
    across all the rows; then the nearest by its place in the text (a share of the text's length, which an edit
    elsewhere shifts little). The first one took it: a clerk's decisions on a sentence taken out moved to the other."""
    same: dict[int, Commitment] = {}
    for exact in (True, False):
        # Every (distance, new row, stored row) of a wording, nearest first: a new row early in the text cannot take
        # a stored row a later new row stands nearer to (a sentence added before a reworded one took its row).
        pairs = sorted(
            (abs(old.start / max(old_length, 1) - fields["start"] / max(new_length, 1)), index, order, old)
            for index, (row, fields) in enumerate(zip(rows, rows_fields))
            if index not in same
            for order, old in enumerate(kept.get(_identity(row), ()))  # ties: the stored rows' own order
            if not exact or old.sentence == fields["sentence"]
        )
        for _distance, index, _order, old in pairs:
            olds = kept[_identity(rows[index])]
            if index not in same and old in olds:
                olds.remove(old)
                same[index] = old
    return same
