"""What a review passage says of a promise, as tables of words: the act each kind of promise names, the
words that report it delivered, still under way, unfinished, wanting or short of its target; the words
that carry a clause's act on to the next; and the ids of the verdict rules (RULES), so every verdict says
which rule gave it.

The tables are data; the patterns at the end of the module are compiled from them, and only there. In a
word, … stands for a few characters of any kind (征求…意见), as many as the table's gap allows.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .words import alternation, compile_words


class Words(NamedTuple):
    words: tuple[str, ...]
    gap: int = 0  # characters … may stand for


# --- Acts and deliveries by kind of promise -------------------------------------------------------------
# The act each kind promises. Unless the act is named, the passage only describes the subject
# (现代农业园区建设稳步推进 is no report heard): a mention.
ACT_WORDS: dict[str, tuple[str, ...]] = {
    "legislation": (
        "制定", "通过", "出台", "颁布", "施行", "批准", "修订", "修改", "废止", "表决", "公布", "审议", "草案", "立法", "调研",
        "起草", "论证",
    ),
    "leg_research": ("调研", "论证", "立法"),
    "report": ("听取", "审议"),
    "inspection": ("检查",),
    "survey": ("调研", "调查", "考察"),
    "visit": ("视察", "察看", "考察"),
    "inquiry": ("询问", "质询"),
    "evaluation": ("评议", "测评"),
    "oversight": ("监督", "跟踪", "听取", "审议", "检查", "视察", "察看", "调研", "督办", "督促", "评议", "询问", "审查"),
    "decision": ("作出", "通过", "批准", "表决", "决定", "决议"),
}
# The word that names each act outright: promises of one object by different acts (视察 and 监督 of the
# same zone) share its passages by it.
OWN_ACT_WORDS: dict[str, tuple[str, ...]] = {
    "visit": ("视察",),
    "oversight": ("监督",),
    "report": ("听取", "审议", "报告", "汇报"),
    "survey": ("调研",),
    "inspection": ("执法检查",),
    "inquiry": ("询问",),
    "evaluation": ("评议",),
}
# Delivery words of the kinds whose deliverable is a thing made or done.
DONE_WORDS: dict[str, tuple[str, ...]] = {
    "legislation": ("制定", "通过", "出台", "颁布", "施行", "批准", "修订", "修改", "废止", "表决", "公布"),
    "rules": ("制定", "出台", "修订", "印发", "建立", "通过", "施行", "实行"),
    "activity": ("举办", "开展", "召开", "组织", "完成", "举行", "主办", "表扬", "表彰", "坚持", "接待"),
    "programme": (
        "实施", "完成", "建成", "出台", "设立", "新设", "建立", "推开", "推行", "推广", "开展", "启动", "开启", "开通", "印发",
        "取消", "停征", "降低", "提高", "扩大", "免除", "整合", "编制", "制定", "成立", "召开", "举行", "落地", "实现", "上线",
        "公布", "增设", "组建", "发布", "开工", "全部", "落实",
    ),
    "target": (
        "完成", "达到", "超过", "实现", "增长", "下降", "减少", "新增", "累计", "提高", "增加", "降低", "上涨", "回稳", "向好",
    ),
}

# --- States of the work ---------------------------------------------------------------------------------
# Still under way, whatever else the clause says (修订稿已起草完成 is a draft, not the rules).
UNFINISHED_WORDS = Words(
    (
        "正在", "启动", "初步", "草案", "修订稿", "征求意见稿", "送审稿", "讨论稿", "一审", "二审", "初审", "试运行", "试行", "前期",
        "将于", "拟于", "待提请", "将提请", "着手", "筹备", "起草", "征求…意见",
    ),
    gap=8,
)
# Progress with no end: partial where the promise had an end state, done where it was itself ongoing.
UNDER_WAY_WORDS = Words(("推进", "推动", "加快", "深化", "稳步", "逐步", "加大", "积极"))
# A promised action that is itself ongoing (大力推行 is kept by 推进; 全面推开 is not kept by 深化): an
# optional lead, then the verb, at the start of the action; never after 全面.
ONGOING_LEADS = ("大力", "持续", "继续", "深入", "积极")
# Verbs of work with no end state: kept by progress on the same measure (推进 is what 支持 promised).
ONGOING_VERBS = (
    "推进", "推行", "实施", "建设", "深化", "推动", "加快", "加强", "完善", "坚持", "落实", "发展", "促进", "扩大",
    "支持", "鼓励", "引导", "健全", "优化", "规范", "强化", "培育", "探索", "做好", "抓好",
)
NOT_ONGOING_LEAD = "全面"
# Said of something still wanting (the shortcomings paragraph).
WANTING_WORDS = Words(("尚未", "未能", "还未", "没有", "有待", "仍需", "还需", "不够", "不足", "欠缺", "差距", "不平衡", "薄弱"))
# The promised act was not carried out in the year: put off, suspended, withdrawn, or never held (推迟到明年听取,
# 暂缓实施, 未提请审议). Not done, and not silence: a person decides.
NOT_DONE_WORDS = Words(
    (
        "推迟", "暂缓", "延期", "延后", "顺延", "搁置", "中止", "撤回", "未提请", "未开展", "未举行", "未召开", "未听取",
        "未审议", "未进行", "未实施", "未启动", "未组织", "未能完成", "未能开展", "未能如期", "未按期",
    )
)
# … but put off to a month of the year (推迟至8月听取): held, later.
DELAYED_TO_MONTH = r"(?:至|到)(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
# Cancelled: for a promised meeting, hearing, inspection, visit or activity (视察…取消); elsewhere 取消 is what is done
# (取消…审批事项, a law that 取消养犬登记收费).
CANCELLED_WORDS = Words(("取消",))
CANCELLED_KINDS = frozenset(("report", "inspection", "visit", "inquiry", "evaluation", "survey", "activity"))
# Short of a target: 低于…预期目标, 未完成, 未达到.
SHORTFALL_WORDS = Words(("低于…目标", "低于…预期", "未完成", "未达到", "未实现", "没有完成", "没有实现"), gap=12)
# A legislative draft under review, not enacted.
DRAFT_ONLY_WORDS = Words(("草案", "一审", "初审", "二审", "审议了…条例"), gap=20)
ENACTED_WORDS = Words(("通过", "颁布", "施行", "批准", "出台", "公布", "表决"))

# A sentence of thanks closing a review (我代表国务院，向全国各族人民…表示诚挚感谢): it names every group and place and
# reports no work.
THANKS_WORDS = Words(("表示…感谢", "致以…敬意", "致以…问候"), gap=4)

# --- Targets --------------------------------------------------------------------------------------------
# The state or direction a target promises (增长, 回稳向好), after an optional qualifier: at the end of a
# target's object it is judged, not matched.
STATE_QUALIFIERS = ("继续", "基本", "逐步", "稳定", "分别")
STATE_WORDS = ("增长", "下降", "减少", "提高", "降低", "上涨", "回稳", "向好", "平衡", "同步", "增加")
TARGET_STATE_WORDS = (
    "增长", "下降", "减少", "提高", "降低", "上涨", "涨幅", "回稳", "向好", "平衡", "同步", "增加", "新增", "脱贫", "全覆盖",
)
# A direction said without a figure: the direction is confirmed, the figure is not.
DIRECTION_WORDS = Words(("增长", "下降", "减少", "提高", "降低", "增加", "扩大", "加快", "上涨", "加大"))
FULL_COVERAGE = "全覆盖"
# A figure told over several years, an average or a total of them (年均增长7.1%, 五年来…2600多万套): it reports no
# one year's target, unless the target itself is told so (年均增长6.5%以上).
OVER_YEARS_WORDS = (
    "年均", "年平均", "平均每年", "二年来", "三年来", "四年来", "五年来", "两年来", "过去二年", "过去三年",
    "过去四年", "过去五年", "过去两年", "五年间", "五年共", "本届政府以来",
)
# How a sentence of a review of the whole term names the past year: its figures report that year; the others tell
# the term.
PAST_YEAR_WORDS = ("去年", "过去一年", "一年来")

# --- Clauses that speak of the promise ------------------------------------------------------------------
# Clauses that carry the named clause's act on: the state told after it, or the verb that came before.
CONTINUES_WORDS = (
    "并", "已", "目前", "现已", "正在", "将", "拟", "待", "同时", "还", "尚", "均", "以及", "及", "其中", "调研报告", "初步",
    "低于", "高于", "未",
    # Why it went otherwise, and what became of it: 因…调整安排，推迟至明年开展 / 因…而取消.
    "因", "由于", "受", "推迟", "暂缓", "延期", "取消",
)
JOINS_BACK_WORDS = ("以及", "及", "和", "并", "同时", "还")
PREPOSITION_ONLY_WORDS = ("围绕", "对", "就", "针对", "聚焦", "紧扣", "关于")
# A clause that goes on with the figure of the one before (国内生产总值达到74.4万亿元，增长6.7%).
FIGURE_NEXT_LEADS = ("比上年", "同比", "年均")
FIGURE_NEXT_WORDS = ("增长", "下降", "上涨", "提高", "减少", "达到", "超过")

# --- Verdict rules --------------------------------------------------------------------------------------
# The id of every way a verdict is reached; what each says, in the staff's language, is ledger/rules.py's
# RULE_LABELS (tests/test_link.py checks each has its own). MODIFIERS are appended to the id of the rule that
# fired (verdict.done.incomplete_compound): a part of a compound promise never named (at most partial), and a
# passage below the decision line that repeats the promise's name as written (its verdict stands).
RULES: frozenset[str] = frozenset(
    (
        "verdict.shortfall",
        "verdict.state.met",
        "verdict.state.some",
        "verdict.figure.met",
        "verdict.figure.short",
        "verdict.figure.within",
        "verdict.figure.over",
        "verdict.figure.about",
        "verdict.figure.full_coverage",
        "verdict.figure.direction_only",
        "verdict.figure.unreported",
        "verdict.figure.over_years",
        "verdict.legislation.draft",
        "verdict.act.missing",
        "verdict.unfinished",
        "verdict.wanting",
        "verdict.wanting.problems",
        "verdict.not_done",
        "verdict.legislation.enacted",
        "verdict.legislation.not_enacted",
        "verdict.act",
        "verdict.done",
        "verdict.done.again",
        "verdict.done.under_way",
        "verdict.under_way",
        "verdict.ongoing",
        "verdict.no_sign",
    )
)
MODIFIERS: frozenset[str] = frozenset(("incomplete_compound", "named"))


# --- Compiled, once ---------------------------------------------------------------------------------------
def _compile(table: Words) -> re.Pattern:
    return compile_words(table.words, gap=table.gap)


ACT = {kind: compile_words(words) for kind, words in ACT_WORDS.items()}
OWN_ACT = {kind: compile_words(words) for kind, words in OWN_ACT_WORDS.items()}
DONE = {kind: compile_words(words) for kind, words in DONE_WORDS.items()}
UNFINISHED = _compile(UNFINISHED_WORDS)
UNDER_WAY = _compile(UNDER_WAY_WORDS)
WANTING = _compile(WANTING_WORDS)
NOT_DONE = _compile(NOT_DONE_WORDS)
DELAYED_WITHIN_YEAR = re.compile(DELAYED_TO_MONTH)
CANCELLED = _compile(CANCELLED_WORDS)
SHORTFALL = _compile(SHORTFALL_WORDS)
DRAFT_ONLY = _compile(DRAFT_ONLY_WORDS)
ENACTED = _compile(ENACTED_WORDS)
DIRECTION = _compile(DIRECTION_WORDS)
OVER_YEARS = compile_words(OVER_YEARS_WORDS)
PAST_YEAR = compile_words(PAST_YEAR_WORDS)
THANKS = _compile(THANKS_WORDS)
STATE = compile_words(STATE_WORDS)
CONTINUES = compile_words(CONTINUES_WORDS, anchored=True)
JOINS_BACK = compile_words(JOINS_BACK_WORDS, anchored=True)
PREPOSITION_ONLY = compile_words(PREPOSITION_ONLY_WORDS, anchored=True)
ONGOING_ACTION = re.compile(
    rf"^(?!{re.escape(NOT_ONGOING_LEAD)})(?:{alternation(ONGOING_LEADS)})?(?:{alternation(ONGOING_VERBS)})"
)
TARGET_STATE = re.compile(rf"(?:{alternation(STATE_QUALIFIERS)})?(?:{alternation(TARGET_STATE_WORDS)})+$")
FIGURE_NEXT = re.compile(rf"^(?:{alternation(FIGURE_NEXT_LEADS)})?(?:{alternation(FIGURE_NEXT_WORDS)}|\d)")
