"""Machine evidence and statuses: a report's commitments against the review of the same body's next report.

The machine only ever touches what it proposed. Evidence that staff confirmed, rejected or added, and a
status that staff set, stay as they are; a passage staff rejected is never proposed again. Machine evidence
records why: the verdict rule and the words it went by (Evidence.rule, Evidence.rule_detail). Besides the
passages above the decision line, the best few below it are kept as candidates (verdict ``candidate``):
shown to staff, never decisive, but they tell the machine whether to call a review silent or ask a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import deletions
from ..models import (
    Commitment, Decision, Evidence, KeptDecision, Origin, PartnerUnit, Progress, Report, Section, SectionKind, SheetPairing,
)
from ..pipeline import link as linker
from ..pipeline.types import SectionSpan
from ..rules import STAFF_RULE
from ..selectors import DECIDED, follow_up_of, promise_report_of, review_contradicts, term_review_whole
from . import bulk
from .decisions import commitments_lock
from .status import STATUS_FIELDS, machine_status, status_apply

# Candidate passages kept per commitment below the decision line.
CANDIDATES = 3
_LINKED_FIELDS = (
    "report", "ordinal", "kind", "action", "object", "text", "testable", "status_origin", "status_decided_at",
    "review_disagrees", *STATUS_FIELDS,
)


@dataclass
class RelinkResult:
    pairs: int = 0
    evidence_added: int = 0
    evidence_removed: int = 0
    changes: list[tuple[Commitment, str, str]] = field(default_factory=list)  # (commitment, old, new)

    def __iadd__(self, other: "RelinkResult") -> "RelinkResult":
        self.pairs += other.pairs
        self.evidence_added += other.evidence_added
        self.evidence_removed += other.evidence_removed
        self.changes += other.changes
        return self


@transaction.atomic
def report_relink(*, report: Report) -> RelinkResult:
    """Link a report both ways: its commitments to its follow-up, and its review to the year before."""
    previous = promise_report_of(report)
    _reports_lock([report, previous] if previous is not None else [report])
    result = commitments_link(report=report)
    if previous is not None:
        result += commitments_link(report=previous)
    return result


def _reports_lock(reports) -> None:
    """The tasks of every report a relink is about to link, locked at once in id order (commitments_lock): linked one
    report after the other, each locking its own, two relinks or a relink and a change across reports could each
    hold what the other waits for."""
    commitments_lock(Commitment.objects.filter(report__in=reports))


@transaction.atomic
def report_delete(*, report: Report) -> None:
    """Delete a report, with its commitments and the evidence from its review; the report of the year before, whose
    promises that review spoke of, is relinked (its machine statuses go back to waiting for its next report)."""
    # Locked as a task added by hand locks it: no task comes in between the records and the deletes below.
    report = Report.objects.select_for_update().get(pk=report.pk)
    previous = promise_report_of(report)
    reason = deletions.reason("report_deleted", report=report)  # what commitments/deleted/ says of them
    # Its rows in bulk (commitments_delete), by the keys read once; then the report, whose cascade is left small (its
    # sections, the decisions kept aside for it).
    bulk.delete_with_history(Evidence.objects.filter(report=report), reason)  # passages of its review, of other rows
    commitments_delete(list(report.commitments.values_list("pk", flat=True)), reason, report_going=report)
    report.delete()
    if previous is not None:
        commitments_link(report=previous)
        # Its rows lost the passages of the review taken out, which no history of theirs records: a sync by
        # updated_since gets them all again (a status a person set stays, and would not be listed otherwise).
        Report.objects.rows_changed(pk=previous.pk)


def commitments_delete(pks: list[int], reason: str, *, report_going: Report | None = None) -> None:
    """Delete the commitments ``pks``, with their passages and progress entries, each row with its deletion record
    and ``reason`` written in bulk (bulk.delete_with_history), the rows referring to them first: through Django's
    collector each row wrote its record alone. A decision kept aside that was re-attached to one of them is let go
    of it, unless it is of ``report_going``, deleted next with its record keeping the task."""
    bulk.delete_with_history(Evidence.objects.filter(commitment_id__in=pks), reason)
    bulk.delete_with_history(Progress.objects.filter(commitment_id__in=pks), reason)
    kept = KeptDecision.objects.filter(reattached_to_id__in=pks)
    (kept.exclude(report=report_going) if report_going is not None else kept).update(reattached_to=None)
    # The commitments' records copy their partner units (their many-to-many history) before the links go.
    bulk.history_copy(Commitment, [Commitment(pk=pk) for pk in pks], update=False, deleted=True, default_change_reason=reason)
    bulk.raw_delete(PartnerUnit, pks, "commitment_id")
    bulk.raw_delete(SheetPairing, pks, "commitment_id")
    bulk.raw_delete(Commitment, pks)


@transaction.atomic
def reports_relink(*, reports) -> RelinkResult:
    """Link each of the reports both ways (the admin's relink action)."""
    reports = list(reports)
    _reports_lock([*reports, *filter(None, map(promise_report_of, reports))])
    result = RelinkResult()
    for report in reports:
        result += report_relink(report=report)
    return result


@transaction.atomic
def commitments_relink(*, body=None, year: int | None = None) -> RelinkResult:
    """Recompute machine evidence and statuses of every report's commitments (of a body, of a plan year)."""
    reports = Report.objects.select_related("body").order_by("body__name", "kind", "year")
    if body is not None:
        reports = reports.filter(body=body)
    if year is not None:
        reports = reports.filter(year=year)
    reports = list(reports)
    _reports_lock(reports)
    result = RelinkResult()
    for report in reports:
        result += commitments_link(report=report)
    return result


@transaction.atomic
def commitments_link(*, report: Report) -> RelinkResult:
    """Machine evidence and statuses of one report's commitments, from its follow-up's review."""
    follow_up = follow_up_of(report)
    # What linking reads and writes (the history rows are copied from the stored rows): half the fields to load.
    # Locked until the relink commits, in id order as a person's change takes a task's lock before its passages': a
    # status or a decision made meanwhile waits, rather than being written over from the rows read here (on
    # PostgreSQL; SQLite lets one write at a time).
    locked = report.commitments.select_for_update().only(*_LINKED_FIELDS).order_by("pk")
    commitments = sorted(locked, key=attrgetter("ordinal"))
    # In an order of its own (ties in decide keep their winner from one relink to the next), without the joins of
    # the model's ordering.
    evidence = list(Evidence.objects.filter(commitment__report=report).order_by("commitment_id", "-score", "start"))
    kept = [e for e in evidence if e.decided_by_staff]
    proposed = {(e.commitment_id, e.report_id, e.start, e.end): e for e in evidence if not e.decided_by_staff}
    result = RelinkResult(pairs=1 if follow_up else 0)

    new: list[Evidence] = []
    current: list[Evidence] = []
    explained: list[Evidence] = []
    rejudged = False  # a passage's score, verdict or reasons changed in place
    review_found = False
    if follow_up is not None:
        taken = {(e.commitment_id, e.start, e.end): e for e in kept if e.report_id == follow_up.pk}
        # General direction is neither linked nor judged (status.not_judged): only the deliverables.
        promises = [linker.Promise(c.pk, c.kind, c.action, c.object) for c in commitments if c.testable]
        places = linker.place_prefixes(report.body.name)
        spans = _spans(follow_up)
        review_found = any(span.kind == SectionKind.REVIEW for span in spans)
        # New proposals differ from this one in the commitment, the passage and the verdict; created together.
        template = Evidence(report=follow_up, created_at=timezone.now())
        # A term-end review read whole tells the past year (the plan year) inside the term's account.
        term_year = report.year if term_review_whole(follow_up.notices) else None
        for match in linker.link(
            promises, follow_up.text, spans, places=places, candidates=CANDIDATES, term_year=term_year
        ):
            decided = taken.get((match.ref, match.start, match.end))
            if decided is not None:
                # Staff decided on it and that stays; the machine's reasons are refreshed while they still
                # explain the verdict stored (not where staff gave the verdict themselves).
                if decided.origin == Origin.AUTO and decided.rule != STAFF_RULE and decided.verdict == match.verdict:
                    before = _judged(decided)
                    _explain(decided, match)
                    explained.append(decided)
                    rejudged |= _judged(decided) != before
                continue
            same = proposed.pop((match.ref, follow_up.pk, match.start, match.end), None)
            if same is not None:
                before = _judged(same)
                same.score, same.verdict = match.score, match.verdict
                _explain(same, match)
                current.append(same)
                rejudged |= _judged(same) != before
                continue
            evidence = bulk.instance_like(
                template,
                commitment_id=match.ref,
                start=match.start,
                end=match.end,
                text=follow_up.text[match.start : match.end],
                score=match.score,
                verdict=match.verdict,
            )
            _explain(evidence, match)
            new.append(evidence)
        bulk.objects_insert(Evidence, new)
        bulk.objects_update(Evidence, current, ["score", "verdict", "rule", "rule_detail"])
        bulk.objects_update(Evidence, explained, ["rule", "rule_detail"])
        if rejudged:
            # A passage judged again in place (the rules changed since) has no time of its own that a sync by
            # updated_since reads: the report's rows are listed again.
            Report.objects.rows_changed(pk=report.pk)
    # Proposals the linker no longer makes (or whose follow-up is gone) go. No history of their rows records it (a
    # status a person set stays): a sync by updated_since gets the report's rows again.
    if proposed:
        withdrawn = gettext("withdrawn by a relink: the machine no longer proposes it")
        bulk.delete_with_history(Evidence.objects.filter(pk__in=[e.pk for e in proposed.values()]), withdrawn)
        Report.objects.rows_changed(pk=report.pk)
    result.evidence_added = len(new)
    result.evidence_removed = len(proposed)

    by_commitment: dict[int, list[Evidence]] = {}
    if follow_up is not None:
        for evidence in [*kept, *current, *new]:
            if evidence.report_id == follow_up.pk:
                by_commitment.setdefault(evidence.commitment_id, []).append(evidence)
    changed = []
    for commitment in commitments:
        if commitment.status_origin == Origin.STAFF:
            continue
        old = commitment.status
        decided = machine_status(
            has_follow_up=follow_up is not None,
            evidence=by_commitment.get(commitment.pk, []),
            review_found=review_found,
            testable=commitment.testable,
        )
        if status_apply(commitment, decided):
            changed.append(commitment)
            if decided.status != old:
                result.changes.append((commitment, old, decided.status))
    if changed:
        _statuses_write(changed, follow_up if review_found else None, has_follow_up=follow_up is not None)
    _disagreements_write(commitments, by_commitment, follow_up if review_found else None)
    return result


def _judged(evidence: Evidence) -> tuple:
    """What a relink may change of a passage in place."""
    return evidence.score, evidence.verdict, evidence.rule, evidence.rule_detail


def _disagreements_write(commitments: list[Commitment], by_commitment: dict, follow_up: Report | None) -> None:
    """Mark the statuses persons set before the follow-up's review came in (Report.review_at: a replace with a
    corrected text reopens no status a person set with the review in) that its passages report otherwise
    (Commitment.review_disagrees); unmark the rest."""
    disagree = set()
    if follow_up is not None:
        for commitment in commitments:
            decided_at = commitment.status_decided_at
            if commitment.status_origin != Origin.STAFF or commitment.status not in DECIDED:
                continue
            if decided_at is not None and decided_at >= follow_up.review_came_in:
                continue  # set with the review in: the person's answer to it
            usable = [e.verdict for e in by_commitment.get(commitment.pk, ()) if e.decision != Decision.REJECTED]
            if review_contradicts(usable, commitment.status):
                disagree.add(commitment.pk)
    flipped = False
    for value in (True, False):
        flip = [c.pk for c in commitments if c.review_disagrees != value and (c.pk in disagree) == value]
        if flip:
            Commitment.objects.filter(pk__in=flip).update(review_disagrees=value)
            flipped = True
    if flipped:  # no history records it: a sync by updated_since gets the report's rows again
        Report.objects.rows_changed(pk=commitments[0].report_id)


def _statuses_write(changed: list[Commitment], review: Report | None, *, has_follow_up: bool) -> None:
    """Store the new machine statuses with one prepared UPDATE run for every row, then their history rows copied
    from the stored rows by one INSERT … SELECT (Django's bulk_update builds a CASE WHEN per row, bulk_create a
    statement per batch). Their history says which report's review the statuses were read from."""
    bulk.objects_update(Commitment, changed, STATUS_FIELDS)
    for commitment in changed:
        # The machine's change, whoever's upload or deletion set it off: simple_history would name the request's user.
        commitment._history_user = None
    if review is not None:
        reason = gettext("relinked by the machine against the review of %(report)s") % {"report": review}
    elif has_follow_up:
        reason = gettext("relinked by the machine: the next report has no review section")
    else:
        reason = gettext("relinked by the machine: the next report is not in")
    bulk.history_copy(Commitment, changed, update=True, default_change_reason=reason)


def _explain(evidence: Evidence, match: linker.Match) -> None:
    """Why the machine proposes the passage: its verdict rule, the promise's words it names, the deciding word."""
    evidence.rule = match.rule
    evidence.rule_detail = {"matched": list(match.matched), "decisive": match.decisive}


def _spans(report: Report) -> list[SectionSpan]:
    return [
        SectionSpan(section.kind, section.heading, section.start, section.end)
        for section in Section.objects.filter(report=report).order_by("ordinal")
    ]
