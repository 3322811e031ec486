"""Readable names of rule ids (Commitment.rule, Evidence.rule), so that staff can see why a row is there.

A rule id is dotted, most general part first (npc.report.list, verdict.figure.met). The longest prefix
listed here names it; an id no prefix matches is shown as it is.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy as _

GENERAL_RULE = "general"  # a tasks sentence with no deliverable (pipeline.extract)
STAFF_RULE = "staff"  # evidence staff chose by hand, or gave its verdict; a status staff set
ADDED_RULE = "staff.added"  # a task staff added to a report's ledger by hand (services.tasks)

# Status rules (Commitment.status_rule) besides those of pipeline.link.decide (status.evidence, status.mention_only,
# status.unsure, status.named_no_sign, status.over_years, status.said_not_done, status.named_verbatim, status.silent,
# status.no_follow_up).
NO_FOLLOW_UP_RULE = "status.no_follow_up"
NO_REVIEW_RULE = "status.no_review"  # the follow-up is in, but no review section was found in it
CONFIRMED_RULE = "status.confirmed"  # the status follows evidence staff confirmed or added
NAMED_NO_SIGN_RULE = "status.named_no_sign"  # a passage names the task and says nothing of what became of it
SAID_NOT_DONE_RULE = "status.said_not_done"  # a passage says the task was put off, suspended, cancelled or not held
OVER_YEARS_STATUS_RULE = "status.over_years"  # the task's figure is given over several years only (年均, 五年来, the term)
EVIDENCE_REJECTED_RULE = "status.evidence_rejected"  # staff rejected a passage the machine's status rested on
NOT_JUDGED_RULE = "status.not_judged"  # a row of general direction: the machine neither links nor judges it

RULE_LABELS = {
    GENERAL_RULE: _("a sentence of general direction with nothing concrete to check"),
    ADDED_RULE: _("a task staff added by hand (not one of the rows read from the report)"),
    "npc": _("a wording of standing committee work reports"),
    "gov": _("a wording of government work reports"),
    "gov.target": _("a quantified goal of the government"),
    "gov.target.assured": _("a concrete state the government guarantees (确保…按时足额发放)"),
    "gov.target.respective": _("each listed indicator with its own figure, in order (A、B分别减少a和b)"),
    "gov.target.urban_rural": _("the towns' and the countryside's goals given together (城乡…分别…)"),
    "gov.target.of_previous": _("a figure that measures the thing the clause before acts on (下调…比例，各地可降至16%)"),
    "gov.programme": _("a discrete step: a programme, pilot or document the government sets up"),
    "gov.measure": _("a named reform or policy measure, even with a soft verb"),
    "gov.measure.recipients": _("a measure for each of the recipients listed (对A、B的扶持)"),
    "gov.measure.aspects": _("a measure for each of the aspects listed (在A、B等方面…)"),
    "gov.measure.aspects.joined": _("how someone is treated in each of the aspects listed, said after a comma (在A、B等方面，对…)"),
    "gov.measure.list.topic": _("a system named only by what it does, given the topic of the first item listed"),
    "gov.measure.pair.topic": _("a system named only by what it does, given the topic of the other side of 和"),
    "gov.measure.effort": _("a named measure to be stepped up (加大…力度)"),
    "gov.measure.effort.pair": _("a named measure to be stepped up for each side of 和 (加大A和B…力度)"),
    "gov.measure.effort.list": _("a named measure to be stepped up for each of the items listed (加大A、B等…力度, 加大对A、B支持力度)"),
    "gov.measure.fronted": _("a measure for whom the sentence names first (对…要…)"),
    "gov.measure.for": _("a measure for whom the clause before names (对…，给予…)"),
    "gov.measure.pair.shared_modifier": _("the right side of 和, given what the left one is suited to (与…相适应的)"),
    "gov.measure.provided": _("a service provided to each group of people the sentence names (为A、B提供…)"),
    "gov.measure.granted": _("each thing granted to whom the sentence names (对…给予A、B)"),
    "gov.measure.with": _("talks with each of the parties named (与…谈判/磋商/对接)"),
    "gov.measure.tilt": _("an allocation tilted toward each of the places named (向…倾斜)"),
    "gov.measure.topic": _("a step done to the thing the clause names first (…要放开, …要全部淘汰)"),
    "gov.measure.topic.list": _("each step done to the thing the clause names first (…要加快A、B)"),
    "gov.content": _("a kind of project in the list of what the sentence before promised (主要是：…项目)"),
    "gov.content.list": _("each kind of project listed in what the sentence before promised (主要是：A、B等…项目)"),
    "gov.scope": _("a measure extended to, or applied to, the items named"),
    "gov.scope.to_market": _("a business the state hands over to the market (将…推向市场)"),
    "gov.scope.assigned": _("a thing handed over, raised in standing, turned into another or spent where the sentence says (将…下划给/上升为/转为/用于…)"),
    "verdict": _("a verdict rule of the linker"),
    "verdict.figure": _("a figure in the review set against the figure promised"),
    "verdict.figure.met": _("the review gives a figure that reaches the one promised"),
    # One label per verdict rule of pipeline.lexicon.verdicts.RULES (tests/test_link.py checks none is missing).
    "verdict.shortfall": _("the review says the target was missed (低于预期目标, 未完成): partially fulfilled"),
    "verdict.state.met": _("the review reports every state the target promised (回稳向好): fulfilled"),
    "verdict.state.some": _("the review reports some of the states the target promised: partially fulfilled"),
    "verdict.figure.short": _("the review gives a figure below the one promised: partially fulfilled"),
    "verdict.figure.within": _("the review gives a figure within the promised ceiling (以内, 以下): fulfilled"),
    "verdict.figure.over": _("the review gives a figure above the promised ceiling: partially fulfilled"),
    "verdict.figure.about": _("the review gives a figure for one promised approximately (左右): fulfilled"),
    "verdict.figure.full_coverage": _("full coverage promised and reported (全覆盖): fulfilled"),
    "verdict.figure.direction_only": _("the review reports the direction without a figure to compare: partially fulfilled"),
    "verdict.figure.unreported": _("the review names the target with neither its figure nor its direction: only mentioned"),
    "verdict.figure.over_years": _(
        "the review gives a figure over several years (an average, a total, the whole term), not the year's: a person "
        "should judge"
    ),
    "verdict.legislation.draft": _("a draft under review, not yet enacted (草案, 一审): partially fulfilled"),
    "verdict.act.missing": _("the review names the subject but not the act promised: only mentioned"),
    "verdict.unfinished": _("the review says the work is not finished (正在, 启动, 征求意见稿): partially fulfilled"),
    "verdict.wanting": _("the review says the work falls short (尚未, 不足, 差距): only mentioned"),
    "verdict.wanting.problems": _(
        "the passage stands in the review's problems paragraph (问题和不足), which names what is still wanting: only "
        "mentioned"
    ),
    "verdict.not_done": _("the review says the act was put off, suspended, cancelled or not held (推迟, 暂缓, 取消, 未提请): not done"),
    "verdict.legislation.enacted": _("the review reports the law enacted (通过, 颁布, 施行): fulfilled"),
    "verdict.legislation.not_enacted": _("research or drafting where a law was promised: partially fulfilled"),
    "verdict.act": _("the review reports the act promised (听取, 检查, 视察): fulfilled"),
    "verdict.done": _("the review reports it delivered (建成, 举办, 印发): fulfilled"),
    "verdict.done.again": _("the review repeats the promised verb (免除 … 免除): fulfilled"),
    "verdict.done.under_way": _("delivered in part, still under way where an end state was promised: partially fulfilled"),
    "verdict.under_way": _("progress with no end where an end state was promised (推进, 深化): partially fulfilled"),
    "verdict.ongoing": _("progress reported on work promised as ongoing (大力推行 … 推进): fulfilled"),
    "verdict.no_sign": _("the review names the task and says nothing of what became of it: only mentioned"),
    # candidate.below_line too, an id kept from when every candidate was below the line: one above it was not taken.
    "candidate": _("a passage among the best, not taken as a report of the task (below the decision line, or another ranked before it)"),
    "candidate.other_indicator": _("a passage that shares the task's words but gives another indicator"),
    "candidate.broader_class": _("a passage on the broader class, not on what the task narrows it to"),
    "candidate.named": _(
        "a passage below the decision line that repeats the task's name as written, or a document's short title "
        "(长江禁捕决议)"
    ),
    "candidate.other_head": _("a passage on another thing of the same name"),
    "candidate.name_not_written": _("a passage with the words of a quoted name, but not the name as written"),
    STAFF_RULE: _("chosen by staff"),
    "status": _("a status rule of the linker"),
    "status.evidence": _("a passage of the review reports on the task"),
    "status.mention_only": _("the review only mentions the task"),
    "status.unsure": _("the review has passages close to the task, below the decision line"),
    SAID_NOT_DONE_RULE: _("the review says the task was not done (put off, suspended, cancelled, not held): a person decides"),
    "status.named_no_sign": _("the review names the task and says nothing of what became of it"),
    "status.named_verbatim": _("the review repeats the task's name in a passage below the decision line"),
    OVER_YEARS_STATUS_RULE: _("the review gives the task's figure over several years only, not for the year promised"),
    "status.silent": _("the review has no passage close to the task"),
    EVIDENCE_REJECTED_RULE: _("a person rejected the passage the machine's status rested on, and no other passage reports the task: a person should decide"),
    NO_FOLLOW_UP_RULE: _("the next year's report is not loaded yet"),
    NO_REVIEW_RULE: _("no review section was found in the next year's report"),
    NOT_JUDGED_RULE: _("general direction: the machine proposes no passage and no status; staff may record one"),
    CONFIRMED_RULE: _("evidence confirmed by staff"),
}


# What a modifier appended to a verdict rule's id adds (pipeline.lexicon.verdicts.MODIFIERS).
MODIFIER_LABELS = {
    "incomplete_compound": _("a part of the task is never named in the review, so at most partial"),
    "named": RULE_LABELS["candidate.named"],
}


def rule_label(rule: str) -> str:
    """The label of the longest listed prefix of ``rule``, with what a modifier at its end adds; the id itself
    when none is listed, and a note that it is unknown when the row has none (stored before its rule was
    recorded)."""
    if not rule:
        return gettext("not recorded")
    base, _dot, last = rule.rpartition(".")
    if base and last in MODIFIER_LABELS and rule not in RULE_LABELS:  # candidate.named is a rule of its own
        return gettext("%(rule)s; %(modifier)s") % {"rule": rule_label(base), "modifier": MODIFIER_LABELS[last]}
    parts = rule.split(".")
    for size in range(len(parts), 0, -1):
        label = RULE_LABELS.get(".".join(parts[:size]))
        if label is not None:
            return str(label)
    return rule
