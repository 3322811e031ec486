"""Readable names of rule ids (Commitment.rule, Evidence.rule), so that staff can see why a row is there.

A rule id is dotted, most general part first (npc.report.list, verdict.figure.met). The longest prefix
listed here names it; an id no prefix matches is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy as _

GENERAL_RULE = "general"  # a tasks sentence with no deliverable (pipeline.extract)
STAFF_RULE = "staff"  # evidence staff chose by hand

RULE_LABELS = {
    GENERAL_RULE: _("a sentence of general direction with nothing concrete to check"),
    "npc": _("a wording of standing committee work reports"),
    "gov": _("a wording of government work reports"),
    "verdict": _("a verdict rule of the linker"),
    "verdict.figure": _("a figure in the review set against the figure promised"),
    "verdict.figure.met": _("the review gives a figure that reaches the one promised"),
    STAFF_RULE: _("chosen by staff"),
}


def rule_label(rule: str) -> str:
    """The label of the longest listed prefix of ``rule``; the id itself when none is listed, and a note
    that it is unknown when the row has none (stored before its rule was recorded)."""
    if not rule:
        return gettext("not recorded")
    parts = rule.split(".")
    for size in range(len(parts), 0, -1):
        label = RULE_LABELS.get(".".join(parts[:size]))
        if label is not None:
            return str(label)
    return rule
