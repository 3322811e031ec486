"""The "why" lines of a commitment's page: which rule produced the row, and for each evidence which rule
judged it, which words of the task it names and which word decided the verdict."""

from __future__ import annotations

from django.utils.translation import gettext

from ..models import Commitment, Evidence, Origin
from ..rules import STAFF_RULE, rule_label


def commitment_why(commitment: Commitment) -> str:
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
        # The words are Chinese, whatever the page's language: listed the Chinese way.
        "matched": "、".join(detail.get("matched") or []) or "—",
        "decisive": detail.get("decisive") or "—",
    }
