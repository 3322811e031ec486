"""The standing-committee table (人大常委会工作报告): frames tried in order on every clause.

A sentence is cut into clauses at top-level ，；： (never inside quotes or 《》, whose names may hold
commas) and before a 并 that starts a second act (听取…报告并开展询问). The first frame whose pattern and
reader give items takes the clause. A clause no frame takes continues the previous clause's list when it
only lists objects of the same shape (制定A，B、C), or names the topic of later bare acts (聚焦X，…开展视察).
Anything else is general direction; the dispatcher makes the general row.

Each row: the rule id, the pattern (groups v action, o object region, k kind words), the reader that turns
the object region into items (readers.py), the kind, whether every match is tried, and which span a lone
item's row covers.
"""

from __future__ import annotations

import re

from ..lexicon import documents as doc
from ..lexicon import objects as obj
from ..lexicon.verbs import NPC_ADVERBS as LEAD
from ..types import Candidate, Sentence
from . import readers as r
from .engine import Context, Frame, Table, run

_KINDS = "|".join(obj.KINDS_OF_WORK)
# 推进 / 推广 / 深化 / 落实 … X: a programme when X is a named system, an activity when X is an event.
_ROLLED_OUT = re.compile(
    LEAD + r"(?P<v>(?:加快|持续|全面)?(?:推进|推动|推广|推行|实施|深化|完善|(?<!贯彻)落实)(?:拓展|推广|完善|提升|深化)?)好?"
    r"(?P<o>.+)$"
)

FRAMES = (
    # 开展住房保障工作专题询问、满意度测评: one row per kind of work.
    Frame("npc.kinds", re.compile(rf"(?P<v>开展|进行)(?P<o>.+?)(?P<k>(?:{_KINDS})(?:[、和及](?:{_KINDS}))+)$"), r.several_kinds),
    # 推进X条例制定工作 / 做好《X规定》的调查研究和初稿起草工作: the verb follows the named laws.
    Frame(
        "npc.legislation.before_verb",
        re.compile(r"(?:推进|做好|完成|抓好)(?P<o>.+?)的?(?:[^，；、]{0,6}和)?(?:初稿|草案)?(?P<v>制定|修订|修改|起草)工作"),
        r.laws_before_verb,
    ),
    # 在X、Y等立法中，提前介入…起草工作: the laws, the verb in a later clause.
    Frame("npc.legislation.drafting", re.compile(r"在(?P<o>.+?)等?立法(?:工作)?中"), r.laws_in_drafting, "legislation"),
    Frame(
        "npc.inspection",
        re.compile(r"(?P<v>(?:继续)?开展)(?P<o>.+?)(?:(?:等)?实施情况)?执法检查$"),
        r.inspected_laws(laws_only=False),
        "inspection",
    ),
    Frame(
        "npc.inspection.on",
        re.compile(r"对(?P<o>.+?)(?:(?:等)?(?:贯彻)?实施情况)?(?P<v>开展执法检查)$"),
        r.inspected_laws(laws_only=False),
        "inspection",
    ),
    Frame(
        "npc.inspection.check",
        re.compile(LEAD + r"(?P<v>检查)(?P<o>.+?)等?(?:贯彻)?实施情况$"),
        r.inspected_laws(laws_only=True),
        "inspection",
    ),
    # 围绕X开展视察 / 开展X、Y集中视察 / 视察X.
    Frame(
        "npc.visit.about",
        re.compile(r"(?:围绕|就|对)(?P<o>.+?)(?P<v>(?:开展|进行)(?:集中|专题)?视察(?:调研)?)$"),
        r.subject_list,
        "visit",
    ),
    Frame(
        "npc.visit.list",
        re.compile(r"(?P<v>开展)(?P<o>(?!(?:集中|专题)视察).+?)(?:集中|专题)?视察(?:调研)?$"),
        r.subject_list,
        "visit",
    ),
    Frame(
        "npc.visit",
        re.compile(r"(?P<v>(?:开展|组织)?(?:集中|专题)?视察(?:调研)?)(?P<both>和监督)?(?P<o>.*)$"),
        r.subject_list_or_topic,
        "visit",
        start="v",
    ),
    Frame("npc.survey.on", re.compile(r"(?:对|围绕|就)(?P<o>.+?)(?P<v>开展(?:专题)?调研)$"), r.surveyed, "survey"),
    Frame(
        "npc.survey",
        re.compile(r"(?P<v>(?:继续)?开展|启动)(?P<o>.+?)(?P<k>专题调研|立法调研|协同调研|联合调研|联动调研|调研)$"),
        r.surveyed,
        "survey",
    ),
    Frame("npc.survey.verb", re.compile(LEAD + r"(?P<v>专题调研|联动调研|调研)(?!成果|工作|视察)(?P<o>.+)$"), r.surveyed, "survey"),
    # 听取…报告并开展满意度测评: the evaluation is of the report's subject.
    Frame(
        "npc.evaluation.of_report",
        re.compile(r"^并?(?P<v>开展|进行)(?:满意度)?测评$"),
        r.context_subject("report_subject"),
        "evaluation",
        start="v",
    ),
    Frame("npc.evaluation.on", re.compile(r"对(?P<o>.+?)(?P<v>开展|进行).{0,10}?(?:测评|评议)$"), r.whole_object, "evaluation"),
    Frame("npc.evaluation", re.compile(r"(?P<v>开展)(?P<o>.+?)(?:(?:专项)?评议|满意度测评)$"), r.named_object, "evaluation"),
    Frame("npc.inquiry", re.compile(r"(?P<v>专题询问)(?P<o>(?![、等和]).+)$"), r.whole_object, "inquiry"),
    Frame("npc.inquiry.about", re.compile(r"(?:围绕|就|对)(?P<o>.+?)(?P<v>开展(?:专题)?询问)$"), r.whole_object, "inquiry"),
    Frame(
        "npc.inquiry.of_report",
        re.compile(r"^并?(?P<v>开展(?:专题)?询问)$"),
        r.context_subject("report_subject", "topic", action="开展"),
        "inquiry",
        start="v",
    ),
    Frame("npc.inquiry.towards", re.compile(r"针对(?P<o>[^“”，]+?)(?:“[^”]*”)?(?P<v>询问).*$"), r.whole_object, "inquiry"),
    Frame("npc.report", re.compile(r"(?P<v>听取(?:并|和)?审议|听取|审议)(?P<o>.+)$"), r.reports, "report", every=True, end="item"),
    Frame(
        "npc.make",
        re.compile(
            r"(?P<v>继续审议|审查和批准|审查批准|审议批准|集中修正|集中修改|集中清理|制定|修订|修改|修正|废止|出台|作出|建立健全|建立|审议)"
            r"(?P<o>.+)$"
        ),
        r.made_documents,
        every=True,
        end="item",
    ),
    # Oversight: 对X开展监督, 开展X专项审查, 加强对X的监督, X的全过程监督, 监督 / 跟踪 X.
    Frame(
        "npc.oversight.on",
        re.compile(r"对(?P<o>.+?)(?P<v>(?:开展|进行)(?:专项|跟踪)?(?:监督|检查))$"),
        r.whole_object_unless(doc.LAW),  # 对…法开展检查 is an inspection
        "oversight",
    ),
    Frame("npc.oversight.review", re.compile(r"(?P<v>开展)(?P<o>.+?)(?:专项审查|专项监督|专项检查)$"), r.subject_list, "oversight", start="v"),
    Frame(
        "npc.oversight.strengthen_on",
        re.compile(LEAD + r"(?P<v>加强|强化)对(?P<o>.+?)的(?:[^的]{0,4})监督$"),
        r.subject_list,
        "oversight",
        start="v",
        action="{v}监督",
    ),
    Frame(
        "npc.oversight.whole_chain",
        re.compile(r"(?P<v>实施|开展|强化|加强)(?P<o>.*?)的?(?:全链条|全过程|全方位|全周期)监督$"),
        r.whole_chain,
        "oversight",
        start="v",
    ),
    Frame(
        "npc.oversight.strengthen",
        re.compile(LEAD + r"(?P<v>加强|强化)(?P<o>.+?)的?监督$"),
        r.strengthened,
        "oversight",
        start="v",
    ),
    Frame(
        "npc.oversight",
        re.compile(
            LEAD + r"(?P<v>(?:持续)?(?:监督推动|监督|跟踪督促|跟踪监督|督促落实|跟踪|关注))(?!机制|指导|法|工作|等)(?P<o>.+)$"
        ),
        r.followed,
        "oversight",
        start="v",
    ),
    # Programmes: setting up a body, rolling out a named system, pilot or platform.
    Frame(
        "npc.programme.found",
        re.compile(r"(?P<v>筹备成立|筹建|成立|组建|设立)(?P<o>.+?(?:会|中心|小组|机构|站|室|所|院|基地))$"),
        r.whole_object,
        "programme",
    ),
    Frame(
        "npc.programme.strong",
        re.compile(r"(?P<v>全面推进实施|全面推行|全面实施|全面推广|迭代升级|整合提升|更新完善)(?P<o>.+)$"),
        r.programmes(strong=True),
        start="v",
        end="item",
    ),
    Frame(
        "npc.programme",
        _ROLLED_OUT,
        r.programmes(strong=False),
        start="v",
        end="item",
    ),
    # Activities: a motion, publicising a law, events held.
    Frame("npc.activity.motion", re.compile(r"(?P<v>联合提出|提出)(?P<o>关于.+?的(?:建议|议案))$"), r.whole_object, "activity"),
    Frame("npc.activity.publicity", re.compile(LEAD + r"(?P<v>宣传)(?P<o>.+)$"), r.law_publicity, "activity", start="v"),
    Frame(
        "npc.activity",
        re.compile(r"(?P<v>(?:持续|继续)?(?:组织开展|开展|组织|举办|举行|召开|承办))好?(?P<o>.+)$"),
        r.activities,
        start="v",
    ),
    Frame("npc.activity.rolled_out", _ROLLED_OUT, r.activities, start="v"),
)

_TOPIC = re.compile(r"^(?:聚焦|围绕|紧扣|针对)(?P<o>.+?)(?:方面)?$")


def _unmatched(start: int, end: int, ctx: Context) -> list[Candidate]:
    """A clause with no verb listing objects of the previous list's shape continues it (制定A，B、C /
    听取…报告，D报告); else a 聚焦X / 围绕X clause names the sentence's topic."""
    found = _continuation(start, end, ctx)
    if not found and not ctx.topic:
        topic = _TOPIC.match(ctx.text[start:end])
        if topic:
            ctx.topic = topic.group("o")
    return found


def _continuation(start: int, end: int, ctx: Context) -> list[Candidate]:
    if ctx.last_kind not in ("legislation", "report"):
        return []
    text = ctx.text
    shape = doc.LAW if ctx.last_kind == "legislation" else doc.REPORT_END
    spans = r.items_of(text, start, end, same_shape=shape.search)
    if not spans or not all(shape.search(text[a:b]) for a, b in spans) or obj.OWN_VERB.search(text, start, end):
        return []
    rule = "npc.legislation.continued" if ctx.last_kind == "legislation" else "npc.report.continued"
    return [Candidate(ctx.last_kind, ctx.last_action, r.clean(text[a:b]), a, b, rule) for a, b in spans]


TABLE = Table(
    name="npc",
    frames=FRAMES,
    breaks=r"[，；：。！？,;:]|(?=并(?:开展|进行|组织))",
    unmatched=_unmatched,
    keep=r.named,
)


def candidates(text: str, sentence: Sentence) -> list[Candidate]:
    return run(TABLE, text, sentence)
