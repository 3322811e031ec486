"""The "why" lines of a commitment's page: which rule produced the row, for each evidence which rule judged
it, which words of the task it names and which word decided the verdict, why a candidate passage is offered,
and what the status rests on (who decided it, or the machine's rule and confidence)."""

from __future__ import annotations

import math

from django.utils.translation import gettext

from ..charts import score
from ..exports import status_text
from ..models import Commitment, Decision, Evidence, Origin, Status
from ..pipeline.link import REVIEW_LINE, THRESHOLD
from ..selectors import NOT_ASSESSED, review_reading
from ..messages import local_minute
from ..rules import (
    CONFIRMED_RULE, EVIDENCE_REJECTED_RULE, NAMED_NO_SIGN_RULE, NO_FOLLOW_UP_RULE, NO_REVIEW_RULE, OVER_YEARS_STATUS_RULE,
    SAID_NOT_DONE_RULE,
    STAFF_RULE, rule_label,
)

# Statuses whose number is the score of the closest passage below the decision line, which their reason gives
# (pipeline.link.decide, services/status.py): not a confidence in the status.
CLOSEST_SCORE_RULES = ("status.unsure", "status.named_verbatim", EVIDENCE_REJECTED_RULE)


def commitment_why(commitment: Commitment) -> str:
    if commitment.origin == Origin.STAFF:
        # No rule found it: "the rule … found it in the tasks section" read as if the machine had.
        return gettext("Why this is a task: a person added it to the report's tasks.")
    if not commitment.rule:
        return gettext("Why this is a task: the rule that found it is not recorded.")
    return gettext("Why this is a task: the rule “%(label)s” (%(rule)s) found it in the tasks section.") % {
        "label": rule_label(commitment.rule),
        "rule": commitment.rule,
    }


def evidence_why(evidence: Evidence) -> str:
    if evidence.origin == Origin.STAFF or evidence.rule == STAFF_RULE:
        return gettext("Why this verdict: staff chose the passage and its verdict.")
    if not evidence.rule:
        return gettext("Why this verdict: the rule that judged it is not recorded.")
    detail = evidence.rule_detail or {}
    return gettext(
        "Why this verdict: the rule “%(label)s” (%(rule)s) judged it; words of the task it names: %(matched)s; "
        "the word that decided the verdict: %(decisive)s."
    ) % {
        "label": rule_label(evidence.rule),
        "rule": evidence.rule,
        "matched": _words(detail),
        "decisive": detail.get("decisive") or "—",
    }


def candidate_why(evidence: Evidence) -> str:
    detail = evidence.rule_detail or {}
    if evidence.score >= THRESHOLD:
        # Above the line, a candidate is a passage the linker did not take: another ranked before it, or it reports
        # another act on the same subject (pipeline.link).
        return gettext(
            "Why it is offered: it scores above the decision line (score %(score)s) but was not taken as a report of "
            "this task (another passage ranked before it, or it reports another act on the same subject); words of "
            "the task it names: %(matched)s. Confirm it with the verdict you read in it, or reject it."
        ) % {"score": score(evidence.score), "matched": _words(detail)}
    return gettext(
        "Why it is offered: it is among the passages closest to the task (score %(score)s) but below the decision "
        "line; words of the task it names: %(matched)s. Confirm it with the verdict you read in it, or reject it."
    ) % {"score": score(evidence.score), "matched": _words(detail)}


def status_why(commitment: Commitment, *, decisive: Evidence | None = None, candidate: Evidence | None = None,
               follow_up=None, year_over: bool = False, evidence=()) -> str:
    """What the status rests on, in a sentence: who decided it, or the machine's status with its confidence
    and reason (``decisive``: the evidence that decides; ``candidate``: the best candidate passage)."""
    rule = commitment.status_rule
    if commitment.status_origin == Origin.STAFF:
        if year_over and commitment.status in NOT_ASSESSED:
            return gettext(
                "Set to %(status)s by staff; the next year's report is in now: record what its review says of the task "
                "(not reported, where it says nothing of it)."
            ) % {"status": commitment.get_status_display()}
        if commitment.review_disagrees:
            reading = review_reading(e.verdict for e in evidence if e.decision != Decision.REJECTED)
            decided, loaded = commitment.status_decided_at, follow_up.review_came_in if follow_up is not None else None
            said = {
                "status": commitment.get_status_display(), "reading": Status(reading).label,
                "when": local_minute(decided, "—", apart_from=loaded), "loaded": local_minute(loaded, "—", apart_from=decided),
            }
            if reading == Status.NOT_REPORTED:  # no passage reports on it: none to point to
                return gettext(
                    "Set to %(status)s by staff at %(when)s, before the next year's report was loaded (%(loaded)s); its "
                    "review says nothing of the task (%(reading)s): check it, and set the status again to keep it."
                ) % said
            return gettext(
                "Set to %(status)s by staff at %(when)s, before the next year's report was loaded (%(loaded)s); "
                "the passages of its review report the task as %(reading)s: check it, and set the status again to keep it."
            ) % said
        return gettext("Status set by staff.")
    if rule == CONFIRMED_RULE and commitment.status == Status.NOT_REPORTED:
        return gettext("Not reported: a person confirmed that the review only mentions the task, with no word of what became of it.")
    if rule == CONFIRMED_RULE:
        return gettext("Status follows the evidence staff confirmed.")
    if rule == NO_FOLLOW_UP_RULE:
        return gettext("Waiting: the next year's report is not loaded yet.")
    if rule == NO_REVIEW_RULE:
        return gettext(
            "No status: no review section was found in %(report)s, so the machine cannot tell what became of the task."
        ) % {"report": follow_up or gettext("the next year's report")}
    detail = (decisive.rule_detail if decisive else candidate.rule_detail if candidate else None) or {}
    reasons = {
        "status.evidence": gettext(
            "the review reports on it (%(verdict)s); words of the task it names: %(matched)s; the word that decided: %(decisive)s."
        ),
        "status.mention_only": gettext(
            "the review only mentions it (words of the task it names: %(matched)s) and says nothing of what became of it."
        ),
        "status.unsure": gettext(
            "the review's passages name %(matched)s, but none reaches the decision line (best score %(score)s): "
            "a person should look."
        ),
        NAMED_NO_SIGN_RULE: gettext(
            "a passage of the review names it (%(matched)s) without a word of what became of it: a person should judge."
        ),
        SAID_NOT_DONE_RULE: gettext(
            "a passage of the review names it (%(matched)s) and says it was not done in the year (%(decisive)s): neither done "
            "nor silence, a person should judge (confirm the passage, and the task is not carried out)."
        ),
        OVER_YEARS_STATUS_RULE: gettext(
            "a passage of the review names it (%(matched)s) but gives its figure over several years (an average, a total "
            "or the whole term: %(decisive)s), not for the year promised: a person should judge."
        ),
        "status.named_verbatim": gettext(
            "a passage of the review repeats the task's name (%(matched)s), though it scores low (%(score)s): the review "
            "is not silent on it, a person should look."
        ),
        "status.silent": gettext(
            "no passage of the review comes close enough to the task to be a report of it (best score %(score)s, below "
            "%(line)s): the machine takes the review as silent on it."
        ),
        EVIDENCE_REJECTED_RULE: gettext(
            "a person rejected a passage the machine's status rested on (a report, a mention or the closest candidate), and "
            "no other passage reaches the decision line (best score %(score)s): the machine does not call the review "
            "silent, a person should decide."
        ),
    }
    if rule == "status.unsure" and commitment.status_confidence is not None and commitment.status_confidence >= THRESHOLD:
        reasons[rule] = gettext(
            "the review's passages name %(matched)s (best score %(score)s), but none was taken as a report of this task: "
            "a person should look."
        )
    reason = reasons.get(rule)
    if reason is None:
        reason = gettext("the rule that decided it is not recorded; relink to record it.") if not rule else rule_label(rule)
    else:
        reason = reason % {
            "verdict": decisive.get_verdict_display() if decisive else "—",
            "matched": _words(detail),
            "decisive": detail.get("decisive") or "—",
            "score": _best_score(commitment, candidate),
            "line": f"{REVIEW_LINE:.2f}",
        }
    if commitment.status_confidence is None or commitment.status == Status.NEEDS_REVIEW:
        # A look's number is the closest passage's score, which the reason gives; as "confidence" it read as certainty.
        return gettext("Machine status: %(status)s: %(reason)s") % {"status": status_text(commitment), "reason": reason}
    return gettext("Machine status: %(status)s (confidence %(confidence)s): %(reason)s") % {
        "status": commitment.get_status_display(),
        "confidence": score(commitment.status_confidence),
        "reason": reason,
    }


def _best_score(commitment: Commitment, candidate: Evidence | None) -> str:
    """The best score the status rests on. A silent status's confidence is 1 − the best score of the passages
    that may speak of the task (those found to speak of another indicator or name ask for no look), which the
    best candidate shown may not be."""
    confidence = commitment.status_confidence
    if confidence is not None and commitment.status_rule == "status.silent":
        return _below(round(1.0 - confidence, 4), REVIEW_LINE)  # scores are kept to four decimals
    if confidence is not None and commitment.status_rule in CLOSEST_SCORE_RULES:
        # A look's confidence is that best score (pipeline.link.decide, services/status.py), below the decision line,
        # kept to four decimals as the passage's score is; a row linked before kept three, and is said as the
        # passage's own four where that passage is shown beside it (0.6049 read 0.61 here and 0.60 on the passage).
        if candidate is not None and abs(candidate.score - confidence) < 0.0005:
            confidence = candidate.score
        return _below(confidence, THRESHOLD) if confidence < THRESHOLD else score(confidence)
    return score(candidate.score) if candidate else "0.00"


def _below(best: float, line: float) -> str:
    """A score said to be below a line, never shown as the line itself: 0.4979 below 0.50 is 0.497, not 0.50."""
    shown = score(best)
    return shown if shown != score(line) else f"{math.floor(best * 1000) / 1000:.3f}"


def _words(detail: dict) -> str:
    # The words are Chinese, whatever the page's language: listed the Chinese way.
    return "、".join(detail.get("matched") or []) or "—"
