"""The machine's status of a commitment, with its confidence and the rule that decided it.

Evidence staff confirmed (or added) as a report of the task decides first, whatever the machine thinks; a passage
they confirmed as a mention only decides (not reported) where no passage reports the task; otherwise the linker's
``decide`` weighs the machine's proposals, candidate passages included, and says ``needs_review`` where it
is unsure. Rejected passages never count. A status staff set is never recomputed (callers skip it).
"""

from __future__ import annotations

from typing import NamedTuple

from ..models import Commitment, Decision, Evidence, Status, Verdict
from ..pipeline import link as linker
from ..rules import CONFIRMED_RULE, EVIDENCE_REJECTED_RULE, NO_FOLLOW_UP_RULE, NO_REVIEW_RULE, NOT_JUDGED_RULE
from ..selectors import decisive_evidence, follow_up_of, has_review

STATUS_FIELDS = ["status", "status_confidence", "status_rule"]


class MachineStatus(NamedTuple):
    status: str
    confidence: float | None  # None where a person decided, and while pending
    rule: str


def machine_status(
    *, has_follow_up: bool, evidence: list[Evidence], review_found: bool = True, testable: bool = True
) -> MachineStatus:
    """``evidence``: the commitment's evidence in its follow-up, candidates and rejected passages included. A row of
    general direction (not ``testable``) takes a status only from passages a person confirmed."""
    if not has_follow_up:
        return MachineStatus(Status.PENDING, None, NO_FOLLOW_UP_RULE)
    usable = [e for e in evidence if e.decision != Decision.REJECTED]
    confirmed = [e for e in usable if e.decision == Decision.CONFIRMED and e.verdict != Verdict.CANDIDATE]
    reported = [e for e in confirmed if e.verdict != Verdict.MENTION]
    if reported:
        return MachineStatus(linker.status_of([decisive_evidence(reported).verdict]), None, CONFIRMED_RULE)
    if confirmed and not any(
        e.decision == Decision.PROPOSED and e.verdict not in (Verdict.MENTION, Verdict.CANDIDATE) for e in usable
    ):
        # A person read the passages: one only names the task, none reports it.
        return MachineStatus(Status.NOT_REPORTED, None, CONFIRMED_RULE)
    # A passage confirmed as a mention says nothing against another that reports the task: the machine's reading
    # of its proposals stands, for a person to confirm or reject.
    if not review_found:
        # Nothing to read: the machine says neither silence nor doubt.
        return MachineStatus(Status.PENDING, None, NO_REVIEW_RULE)
    if not testable:
        # Nothing concrete to check: the machine's 未见报告 or 待人工核验 would be noise a status filter counts.
        return MachineStatus(Status.PENDING, None, NOT_JUDGED_RULE)
    decision = linker.decide([_match(e) for e in usable if e.decision == Decision.PROPOSED])
    if decision.rule == "status.silent" and any(e.decision == Decision.REJECTED and _rested_on(e) for e in evidence):
        # A person rejected a passage the machine's status rested on (a report, a mention, the closest candidate):
        # that is no word that the review is silent, and the machine is not to grow surer for a person's look.
        return MachineStatus(Status.NEEDS_REVIEW, linker.score_of(1.0 - decision.confidence), EVIDENCE_REJECTED_RULE)
    return MachineStatus(decision.status, decision.confidence, decision.rule)


def commitment_machine_status(commitment: Commitment) -> MachineStatus:
    """machine_status of one commitment, read from the database."""
    follow_up = follow_up_of(commitment.report)
    if follow_up is None:
        return machine_status(has_follow_up=False, evidence=[])
    return machine_status(
        has_follow_up=True,
        evidence=list(commitment.evidence.filter(report=follow_up)),
        review_found=has_review(follow_up),
        testable=commitment.testable,
    )


def status_apply(commitment: Commitment, decided: MachineStatus) -> bool:
    """Set the machine's status on ``commitment`` (unsaved); whether anything changed."""
    new = (decided.status, decided.confidence, decided.rule)
    if new == (commitment.status, commitment.status_confidence, commitment.status_rule):
        return False
    commitment.status, commitment.status_confidence, commitment.status_rule = new
    return True


def _rested_on(evidence: Evidence) -> bool:
    """Whether the machine's status could rest on this passage: evidence, or a candidate that may speak of the task
    (not one found to speak of something else)."""
    return evidence.verdict != Verdict.CANDIDATE or evidence.rule in linker.CLOSE_CANDIDATES


def _match(evidence: Evidence) -> linker.Match:
    return linker.Match(
        evidence.commitment_id, evidence.start, evidence.end, evidence.score, evidence.verdict, rule=evidence.rule
    )
