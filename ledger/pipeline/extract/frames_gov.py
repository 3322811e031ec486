"""The government table (政府工作报告): frames tried in order on every clause.

A government promises two checkable things: quantified goals and allocations (targets) and discrete
steps (programmes: a named project, plan, pilot, system set up, fee abolished …), plus the odd law,
rule or event. Everything else is direction (深化/推进/加强 + a reform or sector) and gives no row.

Work is per clause (a sentence cut on ，；： outside quotes and brackets):
- a clause with a goal figure (亿元, %, 万人 …) is a target; its object is the goal phrase without a
  leading action verb (安排财政赤字2.18万亿元 -> 财政赤字2.18万亿元) but with a verb that sits between
  indicator and figure (国内生产总值增长6.5%－7%); a figure with no indicator restates another (增长9.6%);
- otherwise the clause's governing verb decides: some verbs are a discrete step whatever follows
  (启动, 建立, 设立, 出台, 取消 …), some only with a checkable object shape (实施 + …工程/计划/行动/项目,
  开展 + …试点/行动, 建设 + 一批, 扩大 + …范围, 降低 + …率), general verbs only for a pilot;
- a verb first in the clause after adverbs and prepositional phrases governs it; a verb further in
  (取消违规设立的…) or after a general verb (支持企业建设一批…) does not.
Shared-verb lists give one row per item, completed from the shared parts (enumerations.py).

On the engine (engine.py) the table is four frames tried in this order on each clause after its lead
words: gov.scope (将X扩大到/纳入/推广到Y, also across a comma, and 对A、B，实行Y), gov.target (a goal figure),
gov.goal (an item of 主要预期目标是：…), gov.programme (the governing verb). A clause none takes may be a
qualitative goal (主要污染物排放继续减少), a target only in a sentence that also sets quantified ones.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from ..bodies import leading_place, only_places, written_short
from ..lexicon import documents as doc
from ..lexicon.brackets import ANY_MARK, first_top_level
from ..lexicon.figures import GOAL_FIGURE, WORD_FIGURES
from ..lexicon.objects import (
    ABSTRACT, BARE_WORD, BETWEEN_SIDES, FUNCTION_SYSTEM, NO_OBJECT, PEOPLE, POINTER, ROLE, SHARED_OPENERS, SLOGAN_ITEM,
    STATE_CLAUSE, SYSTEM_HEAD,
)
from ..lexicon.verbs import GOV_ACTOR_ENDINGS, GOV_DIRECTION, GOV_TOPIC_NOT, GOV_TOPIC_VERBS, GOV_VERBS, PREDICTION
from ..lexicon.words import CJK_CHAR, by_first_character, dictionary_verbs, dictionary_word
from ..types import Candidate, Sentence
from .engine import Context, Frame, Hit, Item, Table, clause_rows, run
from .enumerations import ETC, complete, split_items, split_pair

# Words before the governing verb that only place a clause in time or sequence; left out of the row's text.
_LEAD = re.compile(
    r"(?:(?:[一二三四五六七八九十]+(?:是|要|则)|其中|同时|并且|并|而且|但是|但|另外|此外|首先|不失时机|今明两年|今后两年|今年内|今年|明年"
    r"|全年|年内|当年|年底前|[两三四五]年内|\d+年内|我们|(?:各级|省级|市级|县级|地方)政府|政府(?=重点|大力|积极|继续|切实|要|将)|各地区?|各部门|还要|也要|都要|要|拟|必须|务必|力争|争取|确保"
    r"|将(?![^；。]*?(?:扩大到|扩大至|纳入|推广到|推广至|推向市场|降至|降到|提高到|提高至|下调至|调整为|下划给|下放给|交给|上升为|用于))(?![^，；。]*?转为))[，]?)+"
)
# Adverbs allowed between the clause start and its verb; kept in the row's text.
_ADVERB = re.compile(
    r"(?:继续|加快|积极|稳妥|大力|全面|深入|广泛|进一步|着力|切实|稳步|有序|逐步|率先|适时|适度|适当|坚决|认真|扎实|依法"
    r"|统筹|协调|合理|尽快|再|还|也|都|要|将|可|同步|协同|重点|全部|基本|大幅|明显|持续|不断|努力|及时|集中"
    r"|分类|分批|分步|专项|共同|综合|因地制宜|因城施策|科学|有效|加大力度|一律|普遍|全力|上半年|下半年|年内|今年|尽早|严肃|严厉|审慎|坚持不懈|坚定不移|始终|多渠道|多措并举|多管齐下|精心|高标准|妥善)+"
)
# A prepositional phrase or an agent before the verb (在部分地区试行…, 对排污企业全面实行…, 中央财政安排…).
_PREP = re.compile(r"[在对以从向按通为由把就于自经]|依托")
# The end of a place or field phrase (在铁路、民航等领域推出…): a verb after it governs the clause.
_LOCATIVE = re.compile(r"(?:方面|领域|地区|行业|城市|中|上)$")

_RULE = {verb: rule for rule, verbs in GOV_VERBS.items() for verb in verbs.split()}
_VERB = re.compile(by_first_character([(verb[0], re.escape(verb)) for verb in sorted(_RULE, key=len, reverse=True)]))
# Modifiers that belong to the promised action; 全面 + these verbs is a discrete step whatever follows
# (全面推广国际贸易“单一窗口”, while 推广 alone is direction).
_MODIFIER = re.compile(r"(?:全面|大力|积极|深入|组织|分类)$")
_WHOLESALE = {"实施", "推行", "推广", "推开", "实行", "公布", "完成", "取消"}
# Two verbs in a row make another compound (整合优化): the first does not govern alone.
_SECOND_VERB = re.compile(r"(?:优化|完善|提升|规范|提高|发展|推进|加强|改造|升级|调整|筹措|利用|使用)(?!的)")
# Two verbs joined on one object (建立和完善, 取消和下放, 建立并公开): the first decides, both are the action.
_VERB_PAIR = re.compile(
    r"[和与及或并](完善|实施|健全|推广|落实|废止|归并|修订|修改|出台|规范|实行|降低|停征|减免|下放|公开|调整|加强|拓展|传承)"
)
# A clause that only frames the next one (在…等方面, 在…过程中).
_FRAME = re.compile(r"在.*(?:方面|领域|过程中|基础上|前提下|条件下|同时|时)")
# Words that are a verb alone but an adverb before another verb.
_AUXILIARY = {"抓紧"}
# A verb followed by one of these is part of a noun (活跃度, 积极性, 覆盖率, 开放型, 执行力): no action; unless they open a
# word of their own (建设度假区, 加强性能检测, 实现率先发展).
_NOMINAL = ("度", "性", "率", "型", "力")
_NOT_NOMINAL = ("度假", "度量", "度汛", "性能", "性别", "率先", "力争", "力促")
_GOOD_WORDS = ("好用", "好转", "好评", "好处", "好的", "好人", "好事")
# A second verb that opens a modifier of the object rather than sharing the action (实施[培育外贸竞争新优势的]
# 政策措施, 建立[规范行政审批的]管理制度): one of the verbs that say what a measure is for, then a short phrase closed by
# 的. Other verb pairs before a 的 share the action (推动落实党中央的决策部署, 修订完善…的标准): the words alone cannot
# tell the two readings apart, so only these verbs open a modifier.
_MODIFIER_VERBS = ("促进", "支持", "规范", "培育", "统一", "鼓励", "引导", "实现")
_OPENS_MODIFIER = re.compile(r"[^，；。的和与及]{2,16}的")
# Verbs that stand as nouns after 以 (以改革推动…, 以创新引领…).
_NOMINAL_VERBS = ("改革", "创新", "发展")
# Nouns that begin with a verb and with no suffix of _NOMINAL.
_NOUNS_FROM_VERBS = ("发展中国家", "改革开放", "创新驱动")
# ... and the verbs of _NOMINAL_VERBS naming what a team, a body or a result is of (赋予创新团队…, 共享发展成果).
_NOUNS_FROM_VERBS += tuple(verb + head for verb in ("改革", "创新", "发展") for head in ("团队", "人才", "主体", "成果"))
# The postposition that closes a 在… phrase (在发展中逐步化解, 在…改革上取得突破, 在…过程中不得…), known by what
# follows it: an adverb, a verb or a word that goes on with the clause; 中/上 that begin a name (上海, 中欧, 中心) do not.
_CLOSES_PLACE = re.compile(r"(?:过程)?[中上]")
_GOES_ON = re.compile(r"不得|不能|取得|充分|更加|注重|考虑")
# 成 that begins a word of its own after a verb, not a result (…成果, …成本).
_NOT_RESULT = ("成果", "成本", "成效", "成绩", "成员", "成品")


def _noun_suffix(text: str, at: int) -> bool:
    """Whether text[at:] opens with what makes the verb before it part of a noun (_NOMINAL)."""
    return text.startswith(_NOMINAL, at) and not text.startswith(_NOT_NOMINAL, at)


# A verb of state opening the clause's predicate, with no 的 after it (经济发展具有良好支撑条件): the word before it is
# the subject, a noun; before a 的 it opens a modifier (推动具备条件的高校…), and the verb before it stands.
_STATE_PREDICATE = re.compile(r"(?:具有|具备|面临|存在)[^，；。的]*(?:[，；。]|$)")


def _part_of_noun(text: str, verb) -> bool:
    """Whether a verb found is the start of a noun: before a suffix of _NOMINAL (保障性) or in a noun of its own
    (发展中国家), or the subject of a clause that describes a state (经济发展具有…条件)."""
    return (
        _noun_suffix(text, verb.end()) or text.startswith(_NOUNS_FROM_VERBS, verb.start())
        or _STATE_PREDICATE.match(text, verb.end()) is not None
    )

# Checkable objects for "shape" verbs (matched against the completed object).
_NAMED = r"(?:工程|计划|行动|项目|试点|专项行动|活动)"
_SHAPES = {
    "实施": re.compile(rf"{_NAMED}$|^新一轮|^一批"),
    "组织实施": re.compile(rf"{_NAMED}$|^新一轮|^一批"),
    "构建": re.compile(r"(?:机制|体系|制度|平台|网络)$"),
    "实行": re.compile(r"^新一轮"),
    "开展": re.compile(rf"{_NAMED}$|创建$|整治$|扶贫$|普查$|示范$|大检查$|专项治理$|改革试验$"),
    "建设": re.compile(r"^(?:一批|若干)|(?:项目|工程)$"),
    "新建": re.compile(r"^(?:一批|若干)"),
    "开工": re.compile(r"^(?:一批|若干)"),
    "开工建设": re.compile(r"^(?:一批|若干)"),
    "推出": re.compile(r"^(?:一批|若干)"),
    "建成": re.compile(r"^(?:一批|若干)|平台$|网络$|体系$"),
    "布局": re.compile(r"^(?:一批|若干)"),
    "扩大": re.compile(r"(?:范围|试点)$"),
    "降低": re.compile(r"(?:率|关税|资费|话费|收费标准)$"),
    "提高": re.compile(r"标准$"),
    "增加": re.compile(r"(?:示范城市|试点城市|示范区|试点)$"),
    "抓紧": re.compile(r"^新一轮"),
    "办好": re.compile(r"(?:峰会|论坛|博览会|运动会|奥运会|大会|会议|进博会)$"),
    "举办": re.compile(r"(?:峰会|论坛|博览会|运动会|奥运会|大会|会议|进博会)$"),
    "主办": re.compile(r"(?:峰会|论坛|博览会|运动会|奥运会|大会|会议|进博会)$"),
    "实现": re.compile(r"(?:全覆盖|应保尽保)$"),
    "坚守": re.compile(r"(?:红线|底线)$"),  # a line held (坚守耕地红线), not a principle (坚守…的正道)
}
_PILOT = re.compile(r"试点(?:范围|城市)?$")
_EXEMPTION = re.compile(r"免除|免征")
_ACTIVITY_VERBS = {"办好", "举办", "主办"}
_TARGET_STATE = re.compile(r"全覆盖|应保尽保")

# Verbs that draft a document (its kind: legislation or rules, lexicon/documents.py).
_DRAFTING = {"制定", "修改", "修订", "废止", "修改和废止", "出台"}

# A figure inside an attribute (有6.5%的增速, 近14亿中国人的饭碗, 18项收费的免征范围) is no goal.
_ATTRIBUTE = re.compile(r"(?:[^\d，；。]*?的|等)")
_ALL_CJK = re.compile(r"[\u4e00-\u9fff]+")
_TWO_CJK = re.compile(r"[\u4e00-\u9fff][^\u4e00-\u9fff]*[\u4e00-\u9fff]")  # len(CJK_CHAR.findall(s)) >= 2, in one search
# Forecasts and facts, not goals.
_NOT_GOAL = re.compile(r"高达|多达|已|目前|现有|超过了|占全国|^(?:我国|全国|我们)?(?:拥)?有|^以.+为")
# Verbs that lead a target clause and are left out of its object (安排财政赤字… -> 财政赤字…).
_TARGET_LEAD = re.compile(
    r"(?:再|继续|进一步|力争|确保)?(?:安排|完成|开工建设|开工|新建改建|新建|改建|建成|新增|增加|淘汰|推进|用好|减轻|实现|"
    r"减少|压减|退出|化解|提供|发放|解决|帮助|扩招|拿出|筹集|下达|支持|培训|改造|建设|落实好|落实|吸纳|带动|提高|降低|"
    r"取消或停征|取消|停征|免除|减免|清理)"
)
# A list of verbs leading a target (淘汰、停建、缓建).
_VERB_LIST = re.compile(r"(?:[\u4e00-\u9fff]{2}、)+[\u4e00-\u9fff]{2}")
# A figure that sets a record is a fact (高校毕业生795万人，再创历史新高).
_RECORD = re.compile(r"再?创(?:历史)?新高|为?历史最高")
# Verbs inside a target clause, for its action (国内生产总值增长6.5% -> 增长).
_TARGET_VERB = re.compile(
    r"提高到|提高至|降低到|降至|降到|扩大到|扩大至|增长|下降|降低|提高|增加|减少|新增|涨幅|安排|完成|开工建设|开工|"
    r"新建改建|新建|改建|建成|淘汰|推进|用好|减轻|实现|压减|退出|脱贫|扩招|拿出|开展|改造|控制在|保持在|稳定在|达到|进行|缩减|清偿|用于"
)
_ALLOCATION = re.compile(r"安排|拿出|下达|投入|发行")
# Who pays, before the verb of an allocation: left out of the object (中央财政安排… -> …).
_AGENT = re.compile(r"(?:中央|地方|各级)?财政(?=安排|拿出|投入|下达)")
# A clause that only restates a figure: 比去年增加5600亿元, 增长9.6%, 经济增长预期目标6.5%.
_RESTATED = re.compile(r"^(?:比[^，；。]{1,6}?)?(?:再|又|要)?(?:增加|增长|提高|下降|减少|多|少)?了?$")
_COMPARISON = re.compile(r"比[^，；。\d]{1,6}?(?=[减增提下降多少])")
# The stated goals of the year: every item of 主要预期目标是：A，B，C is a target, qualitative ones too.
_GOALS = re.compile(r"(预期目标|主要目标)是[：:]")
# A remark among the goals, not a goal (在实际工作中争取更好结果).
_GOAL_REMARK = re.compile(r"在|争取|力争|努力")
# A qualitative goal next to quantified ones (主要污染物排放继续减少, PM2.5浓度继续下降).
_DIRECTION = re.compile(r"(?:继续|持续|进一步|稳步|明显|逐步)?(下降|减少|降低|改善|好转|提高|增长)$")
_DIRECTION_SUBJECT = re.compile(r"^[^在对以从向按通为由把将要再]")
# Nouns that name an indicator: the tail shared by a list of targets (化学需氧量、氨氮排放量要分别下降2%).
_INDICATOR = re.compile(r"排放总量|排放量|排放|浓度|能耗|消耗|产量|产能|总量|面积|比重|比例|人数|规模|资费|费率|税率")
_TAIL_NOISE = re.compile(r"要|分别|均|都")

# Items shared by a list: a quantifier head (建设一批A、B) and a head noun after 等 (A、B等重大工程).
_QUANTIFIER = re.compile(r"一批|若干|一些")
_HEAD_NOUNS = (
    r"(?:试点|行动|工程|项目|计划|公司|基地|平台|中心|示范区|改革|规划|政策|基金|清单|制度|体制|机制|体系|标准|专项|收费)"
)
# The head nouns ending the last item of a list, all shared (运营公司改革试点 -> 公司改革试点).
_TAIL_COMPOUND = re.compile(rf"{_HEAD_NOUNS}+$")

# 将X扩大到/纳入/推广到Y: X is the object, Y the scope (a list of Y gives one row each).
_DISPOSAL = re.compile(
    r"(?:继续|加快|积极|逐步|进一步|尽快|全面)?(?:将|把)(?P<object>[^，；。]+?)(?:[，,]?(?:从|由)[^，；。]+?)?"
    r"(?P<verb>扩大到|扩大至|纳入|推广到|推广至|推向(?=市场$)|下划给|下放给|交给|上升为|转为|用于)(?P<scope>[^，；。]*)$"
)
# 将/把X下划给/上升为/转为/用于Y: X handed to Y, raised to Y's standing, turned into Y or spent on Y: one step, named
# whole.
_ASSIGNING = frozenset({"下划给", "下放给", "交给", "上升为", "转为", "用于"})
_BARE_SCOPE = re.compile(r"^(?:试点)?范围|^试点")
_GRADUAL = re.compile(r"逐步|逐渐|有序")
# How a disposal is done, after its object (将竞争性业务全面推向市场): not part of the object.
_HOW = re.compile(r"(?:全面|加快|尽快|进一步|坚决|全部)+$")
# Where a thing is brought in (纳入抵扣范围), not a metaphor (纳入法治轨道).
_INTAKE = re.compile(r"(?:范围|目录|清单|名录|试点|预算|统计|补贴|保障|医保|报销|体系)$")
# 对A、B，实行Y: one row per item of the list the measure applies to.
_TOWARD_MEASURE = re.compile(r"对(?P<list>[^，；。]+)，(?:要|全面|统一)?(?P<verb>实行|实施)(?P<measure>[^，；。]+)$")


# Speed only: how a clause _DISPOSAL or _TOWARD_MEASURE can match starts (their own leading words), so the
# rest of gov.scope is skipped for the clauses that cannot be one. Keep in step with the two patterns.
_SCOPE_START = re.compile(r"(?:继续|加快|积极|逐步|进一步|尽快|全面)?(?:将|把)|对")
# The words a clause _SCOPE_START finds anything in holds (the frame's needs, tested as plain words).
_SCOPE_WORDS = re.compile("将|把|对")


def _next_clause(ctx) -> tuple[int, int] | None:
    """The span of the clause after the one being read, if any."""
    return ctx.clauses[ctx.index + 1] if ctx.index + 1 < len(ctx.clauses) else None


def _scope(hit: Hit):
    """将X扩大到/纳入/推广到Y, also across a comma (将X，从A扩大到B), and 对A、B，实行Y."""
    if not _SCOPE_START.match(hit.text, hit.offset, hit.end):
        return None
    ctx = hit.ctx
    following = _next_clause(ctx)
    joined = _joined(hit.text, hit.offset, hit.end, following)
    if joined is None:
        return None
    rows, used = joined
    if used:
        ctx.skip.add(ctx.index + 1)
    # 全面实施营改增，…将试点范围扩大到…: a bare 试点 / 范围 is the pilot the sentence just named.
    named = ctx.found[-1].object if ctx.found else ""
    rows = [replace(r, object=named + r.object) if named and _BARE_SCOPE.match(r.object) else r for r in rows]
    return rows, False


# What a clause needs for _targets to find anything (a goal figure needs a digit or a figure in words; a target
# without one needs a target state).
_TARGET_NEEDS = re.compile("|".join([r"\d", *map(re.escape, WORD_FIGURES), _TARGET_STATE.pattern]))


def _target(hit: Hit):
    ctx = hit.ctx
    following = _next_clause(ctx)
    after = hit.text[following[0] : following[1]] if following else ""
    rows = _targets(hit.text, hit.offset, hit.end, goals=ctx.notes["goals"], following=after)
    if not rows:
        return None
    ctx.notes["targets"] += 1
    return _with_indicator_before(ctx, rows), False


# A figure clause that names no indicator (各地可降至16%) is, after its modal (_MODAL_FIRST), a verb that moves a
# level (_LEVEL_VERB) and the figure.
_MODAL_FIRST = re.compile(r"(?:可以|可|要|将|力争)?")
_LEVEL_VERB = re.compile(r"提高到|提高至|降低到|降至|降到|扩大到|扩大至|控制在|保持在|稳定在|达到|增长|下降|降低|提高|增加|减少")


def _with_indicator_before(ctx: Context, rows: list[Candidate]) -> list[Candidate]:
    """A lone figure clause with no indicator of its own (下调…缴费比例，各地可降至16%) measures the thing the clause
    before acts on: one target, named with it, in place of that clause's row."""
    if len(rows) != 1 or ctx.index == 0 or not ctx.found:
        return rows
    row, previous = rows[0], ctx.found[-1]
    bare = row.object[_MODAL_FIRST.match(row.object).end() :]
    verb_then_figure = (
        _LEVEL_VERB.fullmatch(row.action) and bare.startswith(row.action) and GOAL_FIGURE.match(bare, len(row.action))
    )
    if not verb_then_figure or previous.end > ctx.clauses[ctx.index][0]:
        return rows
    before = ctx.clauses[ctx.index - 1]
    if previous.start < before[0] or previous.kind not in ("programme", "target"):
        return rows  # the row before is not the previous clause's
    if len(ctx.found) > 1 and ctx.found[-2].end > before[0]:
        return rows  # the clause before gave a list: which item the figure measures is not said
    if GOAL_FIGURE.search(previous.object) or not _INDICATOR.search(previous.object, len(previous.object) - 4):
        return rows  # the thing before has its own figure, or is no measured level (甲类工程)
    ctx.found.pop()
    return [Candidate("target", row.action, previous.object + bare, previous.start, row.end, "gov.target.of_previous")]


def _goal(hit: Hit):
    """Every item of 主要预期目标是：A，B，C is a target, qualitative ones too (not a remark among them)."""
    goals = hit.ctx.notes["goals"]
    if not goals or hit.offset <= goals.end():
        return None  # asked of every clause: most sentences state no goals
    clause = hit.text[hit.offset : hit.end]
    if _GOAL_REMARK.match(clause):
        return None
    return [Item("target", clause, hit.offset, hit.end, goals.group(1))], False


# 在A、B、C等方面 + what is done (在项目核准、融资服务、财税政策、土地使用等方面一视同仁): the aspects listed,
# their class word, and the verb phrase that holds for each of them.
_ASPECTS = re.compile(r"在(?P<list>[^，；。]+?、[^，；。]+?)(?P<class>等?(?:方面|领域))(?P<done>[^，；。]+)$")
# The same with the verb phrase after a comma (在要素获取、准入许可…等方面，对各类所有制企业平等对待).
_ASPECTS_ALONE = re.compile(r"在[^，；。]+?、[^，；。]+?等?(?:方面|领域)")
_ASPECTS_ACROSS = re.compile(r"在(?P<list>[^，；。]+?、[^，；。]+?)(?P<class>等?(?:方面|领域))，(?P<done>[^，；。]+)$")


def _aspects(hit: Hit):
    """One measure per aspect of 在A、B等方面 + a verb phrase, each reading on its own (在项目核准方面一视同仁);
    a verb phrase of direction (坚持…, 营造…) or on an abstract quality (…水平, …力度) is none."""
    text, start, end = hit.text, hit.offset, hit.end
    if not text.startswith("在", start):
        return None
    match = _ASPECTS.match(text, start, end)
    joined = False
    if match is None:
        # 在A、B等方面，对X平等对待: how X is treated, said in the next clause, holds in each aspect. (A next
        # clause with a measure of its own, 在A、B等领域，积极推广…模式, is that measure, where it applies.)
        following = _next_clause(hit.ctx)
        if following is None or not text.startswith("对", following[0]) or not _ASPECTS_ALONE.fullmatch(text, start, end):
            return None
        match = _ASPECTS_ACROSS.match(text, start, following[1])
        if match is None:
            return None
        joined = True
    phrase = _done_phrase(text, match)
    if phrase is None:
        return None
    action, done = phrase
    spans = split_items(text, *match.span("list"))
    if len(spans) < 2:
        return None
    kind = match.group("class").lstrip("等")
    rule = "gov.measure.aspects"
    if joined:
        hit.ctx.skip.add(hit.ctx.index + 1)
        rule += ".joined"
    return [Item("programme", f"在{text[a:b]}{kind}{done}", a, b, action, rule) for a, b in spans], False


# What 确保 guarantees that a review can check (养老金按时足额发放, 及时足额退税, 税负只减不增), not a wish
# (确保各项政策和任务不折不扣落到实处).
_ASSURED = re.compile(
    r"(?:(?:按时|及时|按期|如期)?足额(?:发放|支付|拨付|到位|缴纳|退税)|全覆盖|应保尽保|只减不增|只增不减|(?:明显|实质性)(?:降低|下降|减少|改善))$"
)
# The last characters the end states above and below can have.
_ASSURED_LAST = re.compile(r"[放付位纳税盖保增减低降少善变定平间围]$")
# 使X有明显改善, X必须有明显降低: the end state is promised without 确保.
_MADE_SO = re.compile(r"使|[^，；。]+必须有")
# 保持X不变, 保持X在…水平上基本稳定, 保持X处于…水平: a state kept, as checkable as one reached.
_UNCHANGED = re.compile(r"保持(?P<what>[^，；。]{2,}?)(?P<state>(?:基本)?不变|在[^，；。]+?(?:水平|区间|范围)[上内]的?(?:基本)?稳定|处于[^，；。]+?(?:水平|区间|范围))$")


def _done_phrase(text: str, match: re.Match) -> tuple[str, str] | None:
    """The action and the words of a verb phrase matched as group ``done`` (what holds for each item listed, or
    is done to whom): None for a phrase of direction (坚持…, 营造…) or on an abstract quality (…水平, …力度)."""
    done_start, done_end = match.span("done")
    adverbs = _ADVERB.match(text, done_start, done_end)
    verb_at = adverbs.end() if adverbs else done_start
    verb = _VERB.match(text, verb_at, done_end)
    done = match.group("done")
    if (verb and verb.group() in GOV_DIRECTION) or text.startswith(tuple(GOV_DIRECTION), verb_at):
        return None
    if not _TWO_CJK.search(done) or ABSTRACT.search(done):
        return None
    return (verb.group() if verb else done), done


def _to_whom(hit: Hit, pattern: re.Pattern) -> re.Match | None:
    """A clause 对X… matched whole by ``pattern``, X (group ``who``) naming someone: two Chinese characters at
    least."""
    text, start, end = hit.text, hit.offset, hit.end
    if not text.startswith("对", start):
        return None
    match = pattern.match(text, start, end)
    return match if match is not None and _TWO_CJK.search(match.group("who")) else None


def _assured(hit: Hit):
    """确保 + a concrete end state (确保养老金按时足额发放): a target with no figure. 确保 is a lead word the
    engine drops, so it is looked for just before the clause."""
    text, start, end = hit.text, hit.offset, hit.end
    unchanged = _UNCHANGED.fullmatch(text, start, end)
    if unchanged and _TWO_CJK.search(unchanged.group("what")):
        # 保持6%一档的税率不变, 保持人民币汇率在合理均衡水平上基本稳定
        what, state = unchanged.group("what", "state")
        return [Candidate("target", "保持", what + state, start, end, "gov.target.assured")], False
    if not _ASSURED.search(text, start, end) or not _TWO_CJK.search(text, start, end):
        return None
    lead = text.rfind("确保", hit.ctx.clauses[hit.ctx.index][0], start)
    if lead >= 0:
        return [Candidate("target", "确保", text[start:end], lead, end, "gov.target.assured")], False
    inside = text.find("确保", start, end)
    if inside > start and _TWO_CJK.search(text, start, inside) and not _VERB.match(text, start, inside):
        # 基本民生投入确保只增不减: the thing is named first.
        return [Candidate("target", "确保", text[start:inside] + text[inside + 2 : end], start, end, "gov.target.assured")], False
    adverbs = _ADVERB.match(text, start, end)
    made = _MADE_SO.match(text, adverbs.end() if adverbs else start, end)
    if made is None:
        return None
    # 切实使中小微企业融资紧张状况有明显改善, 综合融资成本必须有明显降低
    by_making = made.group() == "使"
    obj = text[made.end() : end] if by_making else text[start:end]
    return [Candidate("target", "使" if by_making else "必须", obj, start, end, "gov.target.assured")], False


# 对X(的)要Y: what is to be done to whom, the object put first (对实绩突出的要大力褒奖, 对违规行为要严肃查处);
# 对X应保尽保: a guaranteed state for X.
_FRONTED = re.compile(r"对(?P<who>[^，；。]+?)(?:(?P<state>应保尽保|全覆盖)|(?P<modal>的?(?:都要|要|应|必须))(?P<done>[^，；。]+))$")


# 对X严加监管, 对X零容忍、严查处, 对X出重拳: enforcement promised against whom it names, with no 要 needed.
_ENFORCED = re.compile(
    r"对(?P<who>[^，；。]+?)(?P<done>(?:严加|从严|严厉|严)(?:监管|查处|惩治|问责|追责|打击)|零容忍|出重拳)(?P<more>[^，；。]*)$"
)


def _fronted(hit: Hit):
    """对X要Y (对工作不力的要约谈诫勉): one measure, named with whom it is for; 对X应保尽保: a target. A Y of
    direction (坚持…) or on an abstract quality is none. 对A、B严加监管: enforcement, one row for each named."""
    match = _to_whom(hit, _FRONTED)
    if match is None:
        enforced = _to_whom(hit, _ENFORCED)
        if enforced is None:
            return None
        done = enforced.group("done") + enforced.group("more")
        return [
            Candidate("programme", enforced.group("done"), f"对{hit.text[a:b]}{done}", a, b, "gov.measure.fronted")
            for a, b in split_items(hit.text, *enforced.span("who"))
        ], False
    start, end, who = hit.offset, hit.end, match.group("who")
    if match.group("state"):
        state = match.group("state")
        return [Candidate("target", state, f"对{who}{state}", start, end, "gov.target.assured")], False
    phrase = _done_phrase(hit.text, match)
    if phrase is None:
        return None
    action, done = phrase
    of = "的" if match.group("modal").startswith("的") else ""
    return [Candidate("programme", action, f"对{who}{of}{done}", start, end, "gov.measure.fronted")], False


# X(原则上|今年)(都)要(全部|加快)V…: a step done to a thing named first, as the clause's topic (具备竞争条件的商品和
# 服务价格原则上都要放开, 2005年底前注册营运的黄标车今年要全部淘汰); not when X is who acts (各级政府都要…).
_TOPIC = re.compile(
    r"(?P<topic>[^，；。：的][^，；。：]{3,}?[^重主需必紧纲只想不])(?:原则上|今年|年内|明年|也|都|均)*(?:要|必须|一律)"
    r"(?P<how>(?:全部|加快|尽快|全面|逐步|基本|依法|严格)*)(?P<verb>" + "|".join(GOV_TOPIC_VERBS) + r")(?P<rest>[^，；。]*)$"
)


# X应V尽V (审批事项应减尽减, 应退尽退): every X that can be V-ed is.
_ALL_THAT_CAN = re.compile(r"(?P<topic>[^，；。：]{2,}?)(?:都|也|均)?(?P<all>应(?P<v>[\u4e00-\u9fff])尽(?P=v))")


def _actor(topic: str) -> bool:
    """Whether a clause's first words name who acts (各级政府都要…) or nothing, rather than what is acted on."""
    return topic.endswith(GOV_ACTOR_ENDINGS) or topic.startswith(("各", "我们", "全社会")) or not _TWO_CJK.search(topic)


def _topic(hit: Hit):
    """X要V (黄标车今年要全部淘汰): one step, named with its thing; a list of verb phrases after 要 (要加快通硬化路、
    通客车) gives one row each."""
    text, start, end = hit.text, hit.offset, hit.end
    every = _ALL_THAT_CAN.fullmatch(text, start, end) if text.find("尽", start, end) >= 0 else None
    if every and not _actor(every.group("topic")):
        # 审批事项应减尽减: every one that can be is done.
        return [Candidate("programme", every.group("all"), text[start:end], start, end, "gov.measure.topic")], False
    if text.find("要", start, end) < 0 and text.find("必须", start, end) < 0 and text.find("一律", start, end) < 0:
        return None
    match = _TOPIC.match(text, start, end)
    if match is None:
        return None
    topic = match.group("topic")
    if _actor(topic):
        return None
    how, verb = match.group("how"), match.group("verb")
    if text.startswith(GOV_TOPIC_NOT, match.start("verb")):
        return None
    steps = split_items(text, match.start("verb"), match.end("rest"))
    rule = "gov.measure.topic"
    if len(steps) > 1:
        return [Candidate("programme", verb, topic + text[s:e], s, e, rule + ".list") for s, e in steps], False
    return [Candidate("programme", verb, topic + how + verb + match.group("rest"), start, end, rule)], False


# 对X给予A、B等扶持: what X is granted, one row per thing granted; the class word after 等 goes.
_GRANTED = re.compile(r"对(?P<who>[^，；。]+?)(?:要|将)?(?P<verb>给予)(?P<what>[^，；。]+)$")
_GRANT_CLASS = re.compile(r"等(?:扶持|支持|帮助|优惠|措施|政策支持)$")


def _granted(hit: Hit):
    """对在社区提供日间照料…等服务的机构给予税费减免、资金支持、水电气热价格优惠等扶持 (2019): each thing granted
    is a measure for whom the sentence names (a verb inside the 对 phrase, 提供, governs nothing)."""
    match = _to_whom(hit, _GRANTED)
    if match is None:
        return None
    text = hit.text
    what_start, what_end = match.span("what")
    tail = _GRANT_CLASS.search(text, what_start, what_end)
    spans = split_items(text, what_start, tail.start() if tail else what_end)
    who, verb = match.group("who"), match.group("verb")
    rows = [
        Candidate("programme", verb, f"对{who}{verb}{text[a:b]}", a, b, "gov.measure.granted")
        for a, b in spans
        if _TWO_CJK.search(text, a, b) and not ABSTRACT.search(text, a, b)
    ]
    return (rows, False) if rows else None  # nothing concrete granted: the other frames read the clause


# 为A、B提供X: a service or condition provided to each group of people named.
_PEOPLE_LAST = re.compile(rf"(?:{PEOPLE.pattern})(?=$)")
_PROVIDED = re.compile(r"为(?P<who>[^，；。为]+?)(?:要|将)?(?P<verb>提供|创造)(?P<what>[^，；。]+)$")


def _provided(hit: Hit):
    """为农村留守儿童、妇女、老人提供关爱服务: one measure for each group of people named."""
    text = hit.text
    match = _PROVIDED.match(text, hit.offset, hit.end) if text.startswith("为", hit.offset) else None
    if match is None or not _TWO_CJK.search(match.group("what")) or ABSTRACT.search(match.group("what")):
        return None
    people = _people(text, *match.span("who"))
    if not people:
        return None  # 为创业提供便利, 为经济平稳运行创造条件: a purpose, not people served
    verb, what = match.group("verb", "what")
    return [
        Candidate("programme", verb, f"为{who}{verb}{what}", hit.offset, hit.end, "gov.measure.provided")
        for who, _a, _b in people
    ], False


def _people(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The groups of people listed in text[start:end] (农村留守儿童和妇女、老人), each (who, start, end), a short later
    one given the first one's modifier (农村留守妇女); [] unless every item names people."""
    spans = []
    for a, b in split_items(text, start, end, pairs=True):
        pair = split_pair(text, a, b)
        spans += list(pair) if pair and PEOPLE.fullmatch(text, *pair[1]) else [(a, b)]
    heads = [_PEOPLE_LAST.search(text, a, b) for a, b in spans]
    if not all(heads) or not all(_TWO_CJK.search(text, a, b) for a, b in spans):
        return []  # 为群众办事, 为农民增收: what is done for them, a purpose, not the people served
    modifier = text[spans[0][0] : heads[0].start()]
    shared = modifier if len(modifier) >= 3 else ""  # 农村留守 of 农村留守儿童, not 企业 of 企业职工 (企业居民)
    return [
        (shared + text[a:b] if index and b - a <= 2 and PEOPLE.fullmatch(text, a, b) else text[a:b], a, b)
        for index, (a, b) in enumerate(spans)
    ]


# S要加大向A、B倾斜力度 / S向A、B倾斜: an allocation tilted toward each of the places named.
_TILT = re.compile(
    r"(?P<subject>[^，；。、向]{2,}?)(?:要|将)?(?:继续|进一步|重点)?(?:加大)?向(?P<list>[^，；。]+?)倾斜(?:力度)?"
)
_TILT_TAIL = re.compile(r"(?:地区|地方|基层|农村)$")
_TILT_AFTER_TOPIC = re.compile(r"(?:要|将)?(?:继续|进一步|重点)?(?:加大)?向(?P<list>[^，；。]+?)倾斜(?:力度)?")


def _topic_clause(ctx) -> str:
    """The clause before this one when it only names a thing (no verb, no row of its own), as the topic of
    this one; else ""."""
    if ctx.index == 0:
        return ""
    start, end = ctx.clauses[ctx.index - 1]
    clause = ctx.text[start:end]
    if not 2 <= len(clause) <= 20 or _VERB.search(clause) or _ADVERB.match(clause) or any(c.end > start for c in ctx.found):
        return ""
    return clause


def _tilt(hit: Hit):
    """公共教育投入要加大向中西部和边远、贫困地区倾斜力度 (2016): one measure per place, each with the subject
    that is tilted toward it (公共教育投入向边远地区倾斜). A clause without a subject of its own is left to the
    other frames."""
    text, start, end = hit.text, hit.offset, hit.end
    match = _TILT.fullmatch(text, start, end)
    if match is not None and not (_VERB.match(match.group("subject")) or _ADVERB.match(match.group("subject"))):
        subject = match.group("subject")
    elif (match := _TILT_AFTER_TOPIC.fullmatch(text, start, end)) and (subject := _topic_clause(hit.ctx)):
        pass  # 国家各项惠民政策和民生项目，要向贫困地区倾斜: the subject is the clause before
    else:
        return None
    spans = []
    for a, b in split_items(text, *match.span("list"), conjunctions=False):
        pair = split_pair(text, a, b)
        spans.extend(pair if pair else [(a, b)])
    last = text[spans[-1][0] : spans[-1][1]]
    tail = _TILT_TAIL.search(last)
    rows = []
    for a, b in spans:
        place = text[a:b]
        if tail and len(spans) > 1 and not _TILT_TAIL.search(place) and len(place) <= 3:
            place += tail.group()
        rows.append(Candidate("programme", "倾斜", f"{subject}向{place}倾斜", a, b, "gov.measure.tilt"))
    return rows, False


def _programme(hit: Hit):
    rest: list[int] = []
    rows = _programmes(hit.text, hit.offset, hit.end, rest)
    return (_and_next_phrase(hit, rows, rest), False) if rows else None


def _and_next_phrase(hit: Hit, rows: list, rest: list[int]) -> list:
    """The rows, and those of the verb phrase a 、 joined after their object (开展…专项行动、明显降低辍学率), read
    as a clause of its own. Only for two phrases: a longer run of 、 is a list of names, some of which merely
    begin like a verb (法治政府、创新政府、廉洁政府, 政治建军、改革强军、依法治军)."""
    if not rest or hit.text.count("、", hit.offset, hit.end) != 1:
        return rows
    return [*rows, *clause_rows(TABLE, rest[0], hit.end, hit.ctx)]


# The role a thing done plays in what follows (以用好…为抓手, 以解决…为着力点): not part of the thing.
_LEVER = re.compile(f"{ROLE}$")


def _measure(hit: Hit):
    """Any other verb on a concrete object is a policy measure the next review can report on (推进农业水价
    改革, 健全外商投资监管体系, 鼓励医生到基层多点执业); a verb of direction (坚持, 营造) or an abstract object
    (…水平, …活力, …作用) is direction."""
    text, start, end = hit.text, hit.offset, hit.end
    # An adverb that is a verb too governs when no verb follows it (加快义务教育学校标准化建设).
    verb = _governing_verb(text, start, end) or _VERB.match(text, start, end)
    if verb is None or verb.group() in GOV_DIRECTION:
        return None
    if _part_of_noun(text, verb):
        return None
    action = _action(text, start, verb)
    object_start = verb.end()
    pair = _VERB_PAIR.match(text, object_start, end)
    if pair is None:
        pair = _VERB.match(text, object_start, end)
        if pair and pair.group() in _MODIFIER_VERBS and _OPENS_MODIFIER.match(text, pair.end(), end):
            pair = None  # 实施培育…的政策措施: the second verb opens the object's modifier
    if pair and _part_of_noun(text, pair):
        pair = None  # 推进保障性住房建设, 维护发展中国家…: the start of a noun, not a second verb
    if pair:  # 建立和完善…, 加快推进…: both verbs are the action
        if pair.group().lstrip("和与及或并") in GOV_DIRECTION:
            return None
        action += pair.group()
        object_start = pair.end()
    if text.startswith("好", object_start) and not text.startswith(_GOOD_WORDS, object_start):
        # 解决好, 统筹好: 好 completes the verb (not in 好用, 好转, 好的 …)
        action += "好"
        object_start += 1
    object_end = _verb_phrase_end(text, object_start, end)
    lever = _LEVER.search(text, object_start, object_end)
    if lever:
        object_end = lever.start()  # 以用好铁路发展基金为抓手: the fund is the deliverable, 为抓手 its role
    if object_end < end:
        rest = [object_end + 1]
        read = _measure_of(hit, action, verb, start, object_start, object_end)
        return (_and_next_phrase(hit, read[0], rest), read[1]) if read else None
    return _measure_of(hit, action, verb, start, object_start, object_end)


def _measure_of(hit: Hit, action: str, verb, start: int, object_start: int, object_end: int):
    """_measure's reading of the object text[object_start:object_end]."""
    text, end = hit.text, object_end
    obj = text[object_start:object_end]
    effort = _EFFORT.fullmatch(obj) if verb.group() == "加大" else None
    listed = _EFFORT_LIST.fullmatch(obj) if verb.group() == "加大" and effort is None else None
    toward = _EFFORT_TOWARD.fullmatch(obj) if verb.group() == "加大" else None
    if toward:
        # 加大对革命老区、民族地区、贫困地区支持力度: more support for each place or group named.
        spans = split_items(text, object_start + toward.start("list"), object_start + toward.end("list"))
        if len(spans) > 1:
            tail = toward.group("of") + toward.group("tail")
            return [Candidate("programme", action, f"对{text[a:b]}{tail}", a, b, "gov.measure.effort.list") for a, b in spans], False
    if listed and _TWO_CJK.search(listed.group("tail")):
        # 加大城际交通、物流、市政等基础设施投资力度: more of the named measure for each item listed.
        return _effort_items(text, object_start + listed.start("list"), object_start + listed.end("list"), listed.group("tail"), action), False
    if effort and _TWO_CJK.search(effort.group("measure")) and not ABSTRACT.search(effort.group("measure")):
        # 加大失职追责力度: more of a named measure is a promise the review can report on (the effort alone,
        # 加大力度, is none).
        pair = _parallel_pair(text, object_start, object_end)
        if pair:
            # 加大基础研究和应用基础研究支持力度: the support stepped up for each side.
            return [Candidate("programme", action, o, a, b, "gov.measure.effort.pair") for o, a, b in pair], False
        return [Candidate("programme", action, obj, start, end, "gov.measure.effort")], False
    if not _TWO_CJK.search(obj) or ABSTRACT.search(obj) or NO_OBJECT.search(obj):
        return None
    parties = _WITH.fullmatch(text, object_start, object_end)
    if parties:
        # 推动与海合会、以色列等自贸区谈判: talks with each party named.
        what = parties.group("what")
        spans = split_items(text, *parties.span("list"))
        return [Candidate("programme", action, f"与{text[a:b]}{what}", a, b, "gov.measure.with") for a, b in spans], False
    if obj[:1] in "的和与及或并" and not _SUITED.match(obj):
        return None
    recipients = _RECIPIENTS.fullmatch(text, object_start, object_end)
    if recipients:
        list_start, list_end = recipients.span("list")
        etc = first_top_level(text, ETC.pattern, list_start, list_end)  # A、B等新型经营主体: the class goes
        spans = split_items(text, list_start, etc.start() if etc else list_end, pairs=True)
    if recipients and len(spans) > 1:
        # 加强对灵活就业、新就业形态的扶持: one measure per recipient, each with what is done for it.
        done_for = recipients.group("head")
        people = _people(text, list_start, etc.start() if etc else list_end)
        if people:  # 对农村留守儿童和妇女、老人的关爱服务
            return [Item("programme", f"对{who}的{done_for}", a, b, action, "gov.measure.recipients") for who, a, b in people], False
        return [
            Item("programme", f"对{text[a:b]}的{done_for}", a, b, action, "gov.measure.recipients") for a, b in spans
        ], False
    # Both readings of X和Y need its conjunction (和, 及, 以及): most objects have none and skip them.
    joined = "和" in obj or "及" in obj
    pair = _parallel_pair(text, object_start, object_end) if joined else None
    shared = _shared_tail_pair(text, object_start, object_end) if joined and not pair else None
    if shared:
        return [Item("programme", o, a, b, action, "gov.measure.pair.shared_tail") for o, a, b in shared], False
    if pair:
        rules = [_pair_rule(text[a:b], o) for o, a, b in pair]
        suited = _SUITED.match(pair[0][0])
        if suited and "的" not in pair[1][0]:
            # 与市场化选任方式相适应的高层次人才和企业经营管理者薪酬制度: what both are suited to is said once.
            pair[1] = (suited.group() + pair[1][0], *pair[1][1:])
            rules[1] = "gov.measure.pair.shared_modifier"
        return [Item("programme", o, a, b, action, rule) for (o, a, b), rule in zip(pair, rules)], False
    rows = _items(text, "programme", action, start, object_start, object_end, "gov.measure", heads=_PAIR_TAIL)
    return rows, False


# 与A、B等X谈判: talks (a negotiation, consultations, an alignment of rules) with the parties named.
_WITH = re.compile(r"与(?P<list>[^，；。]+?)等?(?P<what>[^，；。、等与]*(?:谈判|磋商|对接))")

# 与X相适应的Y: a modifier, not a fragment of a list (建立与市场化选任方式相适应的…薪酬制度).
_SUITED = re.compile(r"与[^，；。]+?相(?:适应|适配|匹配|衔接|配套|协调|统一)的")

# 加大X力度: the measure X stepped up.
_EFFORT = re.compile(r"(?P<measure>[^，；。、]+?)力度")

# 加大对A、B、C支持力度: what is stepped up for each one named after 对 (no 等 needed: the tail is a kind of help).
_EFFORT_TOWARD = re.compile(r"对(?P<list>[^，；。等的]+?、[^，；。等的]+?)(?P<of>的?)(?P<tail>(?:支持|扶持|帮扶|投入|补助|奖补|转移支付)力度)")

# 加大A、B等X力度: the measure X stepped up for each item listed (the tail after 等 is shared).
_EFFORT_LIST = re.compile(r"(?P<list>[^，；。等]+?、[^，；。等]+?)等(?P<tail>[^，；。、等]+?力度)")


def _effort_items(text: str, start: int, end: int, tail: str, action: str) -> list[Candidate]:
    """One gov.measure.effort.list row per item of 加大A、B等X力度, each completed with X力度. A short left side
    of the last item's 和 takes the right side's head noun (民用和通用航空 -> 民用航空, 通用航空)."""
    spans = split_items(text, start, end, conjunctions=False)
    rows = []
    for index, (a, b) in enumerate(spans):
        pair = split_pair(text, a, b) if index == len(spans) - 1 else None
        if pair is None:
            rows.append(Candidate("programme", action, complete(text[a:b], tail=tail), a, b, "gov.measure.effort.list"))
            continue
        (la, lb), (ra, rb) = pair
        left, right = text[la:lb], text[ra:rb]
        if len(left) <= 2 < len(right):
            left += right[len(left) :]  # 民用和通用航空: 民用 is 民用航空
        for item, (c, d) in ((left, (la, lb)), (right, (ra, rb))):
            rows.append(Candidate("programme", action, complete(item, tail=tail), c, d, "gov.measure.effort.list"))
    return rows


# A measure done for a list of recipients (对A、B的扶持 / 对A和B的关爱服务): the list and what is done for them.
_RECIPIENTS = re.compile(r"对(?P<list>[^的，；。]+?[、和及与][^的，；。]+?)的(?P<head>[^的，；。、]{2,})")

# Work both sides of a 和 undergo, written after the right one (工业废物和生活垃圾资源化利用, 重点流域和近岸海域
# 综合整治): shared only by a left side that names a thing and no work of its own (not 老旧小区改造和环境综合整治).
_SIDE_WORK = "资源化利用|分类处置|综合整治"
_SIDE_WORK_TAIL = re.compile(_SIDE_WORK)

# Head nouns two sides of a 和 share when only the right one writes them (就业促进计划和创业引领计划,
# 高校和科研院所自主权, 北京冬奥会和冬残奥会筹办工作).
_PAIR_NOUNS = rf"{_HEAD_NOUNS}|工作|办法|政策|行为|服务|合法权益|权益|自主权|筹办工作|进口|出口|管理"
_PAIR_TAIL = re.compile(rf"(?:{_PAIR_NOUNS})+$")
# ... and, between the two sides of 和 only, nouns of what each side has or undergoes (钢结构和装配式建筑, 专利审查和
# 商标注册时间): in a longer list they would be shared wrongly (“厕所革命”、垃圾污水治理).
_SIDE_TAIL = re.compile(rf"(?:{_PAIR_NOUNS}|建筑|模式|设施|治理|开放|时间|{_SIDE_WORK})+$")


def _pair_rule(side: str, obj: str) -> str:
    """gov.measure.pair, and .topic for a side named only by what it does that took the other's topic."""
    return "gov.measure.pair.topic" if obj != side and FUNCTION_SYSTEM.fullmatch(side) else "gov.measure.pair"


# The bare tail two things joined by 和 share (科研伦理和学风建设): it adds nothing but the work done on each.
_GENERIC_TAIL = re.compile(r"(?:建设|发展)$")
# The work done on a thing, closing a four-character compound (技术改造, 设备更新).
_WORK_NOUN = re.compile(r"改造|更新|升级|改革|治理|保护|整治|监管")


def _verb_first(phrase: str) -> bool:
    """Whether the phrase opens with a verb (加装电梯), not with a verb that is part of a noun (保障性住房)."""
    verb = _VERB.match(phrase)
    return verb is not None and not _noun_suffix(phrase, verb.end())


# The work that closes each side of a 和 when both are things with their own (…建设和…改造).
_OWN_WORK = re.compile(r"(?:建设|改造|改革|治理|保护|整治|利用|传承|试点)$")

# Words that take the two sides of a 和 together (学历证书和职业技能等级证书互通衔接): one measure, not two; before a
# shared 建设/发展 also 融合 and 协调 (…融合发展).
_JOINT = re.compile(r"联动|互通|互认|衔接|协同|一体化|对接")
_TOGETHER = re.compile(r"合作|" + _JOINT.pattern)
_JOINED_BEFORE = re.compile(rf"(?:融合|协调|{_JOINT.pattern})$")


def _lone_pair(text: str, start: int, end: int) -> tuple[tuple[int, int, str], tuple[int, int, str]] | None:
    """The two sides of X和Y, each (start, end, words), when text[start:end] is no 、 list and its left side holds two
    Chinese characters at least; None otherwise."""
    if "、" in text[start:end]:
        return None
    sides = split_pair(text, start, end)
    if sides is None:
        return None
    (ls, le), (rs, re_) = sides
    left = text[ls:le]
    return ((ls, le, left), (rs, re_, text[rs:re_])) if _TWO_CJK.search(left) else None


def _parallel_pair(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """X和Y as two measures when they are parallel: the right side's head noun is shared (X + its tail),
    or a short right side shares the left one's head (知识产权保护和运用 -> 知识产权运用). None otherwise."""
    pair = _lone_pair(text, start, end)
    if pair is None:
        return None
    (ls, le, left), (rs, re_, right) = pair
    if not _TWO_CJK.search(right):
        return None
    topic = _function_topic([left, right])
    if topic:  # 安全生产责任和考核机制: the right side belongs to the left one's topic
        return [(left, ls, le), (topic + right, rs, re_)]
    tail = _SIDE_TAIL.search(right)
    if tail and _SIDE_WORK_TAIL.fullmatch(tail.group()) and (_VERB.search(left) or _WORK_NOUN.search(left)):
        tail = None  # 老旧小区改造和环境综合整治: the left side has its own work
    if tail and tail.start() > 0 and not _SIDE_TAIL.search(left) and not _TOGETHER.search(right, 0, tail.start()):
        # Not when a word takes both sides together (政府和社会资本合作模式: one partnership).
        return [(complete(left, tail=tail.group()), ls, le), (right, rs, re_)]
    generic = _GENERIC_TAIL.search(right)
    if (
        generic
        and generic.start() >= 2
        and not _GENERIC_TAIL.search(left)
        and not _VERB.search(left)
        and not _JOINED_BEFORE.search(right, 0, generic.start())
        and not ABSTRACT.search(right, 0, generic.start())
    ):
        # 科研伦理和学风建设, 电商和快递发展: a bare …建设 / …发展 after two named things is said of each; not
        # when a word takes both together (…融合发展) or the right side's own noun is a quality (…能力建设).
        return [(left + generic.group(), ls, le), (right, rs, re_)]
    if (
        len(right) == 4
        and len(left) >= 4
        and _WORK_NOUN.fullmatch(right, 2)
        and _WORK_NOUN.fullmatch(left, len(left) - 2)
        and left[-2:] != right[-2:]
        and len(CJK_CHAR.findall(right + left[-4:])) == 8
    ):
        # 企业加快技术改造和设备更新: two things each with the work done on it, in one frame.
        return [(left, ls, le), (left[: len(left) - 4] + right, rs, re_)]
    if len(right) <= 3 and len(left) >= len(right) + 2:
        return [(left, ls, le), (left[: len(left) - len(right)] + right, rs, re_)]
    if left[-2:] == right[-2:]:
        return [(left, ls, le), (right, rs, re_)]
    if (
        min(len(CJK_CHAR.findall(left)), len(CJK_CHAR.findall(right))) >= 6
        and _OWN_WORK.search(left)
        and _OWN_WORK.search(right)
        and not _verb_first(left)
    ):
        # 保障性住房建设和城镇棚户区改造, 文物保护利用和非物质文化遗产传承: two named things, each with the work
        # done on it.
        return [(left, ls, le), (right, rs, re_)]
    if tail and tail.start() > 0 and _SIDE_TAIL.search(left) and min(len(left), len(right)) >= 4:
        # 股权期权税收优惠政策和分红奖励办法: two named measures, each with a head noun of its own.
        return [(left, ls, le), (right, rs, re_)]
    shared = right.find(left[-2:], 0, len(right) - 3)
    if shared > 0 and not _JOINT.match(right, shared + 2):
        # 薄弱学校和寄宿制学校办学条件: the left side ends with a word the right one goes on from.
        return [(left + right[shared + 2 :], ls, le), (right, rs, re_)]
    return None


# Where the part two sides of a 和 share opens in the right side: a word of SHARED_OPENERS, or a verb.
_OPENER = re.compile("|".join(SHARED_OPENERS))
_BETWEEN = re.compile("|".join(BETWEEN_SIDES))


def _shared_tail_pair(text: str, start: int, end: int) -> list[tuple[str, int, int]] | None:
    """X和Y+T as two measures XT and YT when X is a bare name (who or what: 企业, 中医药, 特定国有金融机构) and
    the right side is a name Y followed by what both share (社区和居家养老, 企业和社会力量兴办职业教育,
    制造业和小微企业税收负担). T opens at the first word of the right side that is no part of a name: what
    each does or undergoes (a verb, 养老, 兴办) or what each has or is a field of (事业, 税收, 信息); Y before it must
    be a name of two characters at least. Not when T says what is between the sides (中央和地方收入划分, 职务和
    职级并行制度, 政府和社会资本合作模式): one thing."""
    pair = _lone_pair(text, start, end)
    if pair is None:
        return None
    (ls, le, left), (rs, re_, right) = pair
    if _OPENER.search(left) or _verb_inside(left) or "的" in left + right:
        return None  # the left side has its own work or field: a thing of its own, not a bare name
    if dictionary_verbs(left) or _verb_first(right):
        return None  # a side that is work done (节能减排, 加装电梯, 化解处置) is no name
    if _BETWEEN.search(right) or _TOGETHER.search(right) or _AND.search(right):
        return None
    if ABSTRACT.search(_GENERIC_TAIL.sub("", right)):
        return None  # 作风和能力建设: a quality built up is direction, not two deliverables
    cut = _tail_start(right)
    if cut is None:
        return None
    tail = right[cut:]
    return [(complete(left, tail=tail), ls, le), (right, rs, re_)]


def _verb_inside(phrase: str) -> bool:
    """Whether a known verb stands anywhere in the phrase, not as the start of a noun (保障性)."""
    return any(not _part_of_noun(phrase, verb) for verb in _VERB.finditer(phrase))


def _tail_start(right: str) -> int | None:
    """Where the shared part opens in the right side of X和Y+T: after a name of two characters or more, with two
    characters or more after it; None when no word opens it."""
    for position in range(2, len(right) - 1):
        if not CJK_CHAR.match(right, position - 1):
            continue  # the name ends on a Chinese character (not inside “…” or a figure)
        if _OPENER.match(right, position):
            return position
        verb = _VERB.match(right, position)
        if verb and not _part_of_noun(right, verb):
            return position
    return None


# A sentence that lists what the one before it promised (…启动实施一批新的重大工程项目。主要是：A等民生项目，B等重大
# 交通项目…): each named kind of project is a deliverable, done as that sentence said.
_CONTENT = re.compile(r"(?:主要|重点)?(?:是|包括)[：:]")
_CONTENT_HEAD = re.compile(r"(?:项目|工程|计划|行动|试点|基地|平台)$")


def _content_action(text: str, sentence_start: int) -> str:
    """The verb of the last clause of the sentence before ``sentence_start`` ("" when it has none, or when it is a
    verb of direction)."""
    end = sentence_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    end -= 1  # the mark that ends the sentence before
    if end <= 0:
        return ""
    before = max(text.rfind(mark, 0, end) for mark in "。！？\n") + 1
    clause = max(text.rfind(mark, before, end) for mark in "，；：") + 1
    verb = _VERB.search(text, max(before, clause), end)
    return verb.group() if verb and verb.group() not in GOV_DIRECTION else ""


def _begin(ctx: Context) -> None:
    sentence = ctx.sentence
    content = _CONTENT.match(ctx.text, sentence.start, sentence.end)
    ctx.notes.update(
        goals=_GOALS.search(ctx.text, sentence.start, sentence.end), targets=0, qualitative=[],
        content=_content_action(ctx.text, sentence.start) if content else "", recipients=None,
    )


def _unmatched(start: int, end: int, ctx: Context) -> list[Candidate]:
    """主要污染物排放继续减少: an indicator with a direction and no figure; a target only in a sentence that
    sets quantified ones too (decided when the sentence is done)."""
    clause = ctx.text[start:end]
    if (recipients := _FOR_WHOM.fullmatch(clause)) and not _PREDICATE.search(recipients.group("who")):
        ctx.notes["recipients"] = (recipients.group("who"), start, end)
        return []
    action = ctx.notes["content"]
    if action and _CONTENT_HEAD.search(clause) and not _VERB.match(clause):
        return _items(ctx.text, "programme", action, start, start, end, "gov.content", heads=_PAIR_TAIL)
    if _DIRECTION.search(clause) and _INDICATOR.search(clause) and _DIRECTION_SUBJECT.match(clause) and not _VERB.match(clause):
        ctx.notes["qualitative"].append((start, end))
    return []


# A clause that only names whom the measures after it are for (对居住特别困难的低保家庭，给予住房救助); not 对于,
# 对照, 对标 …, words of their own.
_FOR_WHOM = re.compile(r"对(?![于照标接外话比])(?P<who>[^，；。]{2,40})")
# ... and names them with no predicate of its own (对本辖区债务负总责, 对…进行专项整治: a clause, not a recipient).
_PREDICATE = re.compile(rf"{_VERB.pattern}|进行|负总责|负责|要|应当|必须|予以|加以")


def _finish(ctx: Context) -> None:
    _for_whom(ctx)
    _qualitative_targets(ctx)


def _for_whom(ctx: Context) -> None:
    """对X，给予Y: the rows of the first clause after 对X that gives rows are measures for X (对X的Y, quoted from
    对), as a review reports them (居住特别困难的低保家庭住房救助, not 住房救助 alone)."""
    if ctx.notes["recipients"] is None:
        return
    who, named_at, after = ctx.notes["recipients"]
    of = "" if who.endswith("的") else "的"
    for start, end in ctx.clauses:
        if end <= after:
            continue
        taken = [i for i, row in enumerate(ctx.found) if start <= row.start < end]
        if not taken:
            if _VERB.search(ctx.text, start, end) and not _ASPECTS_ALONE.fullmatch(ctx.text, start, end):
                return  # a clause with a verb of its own and no row: the recipients are not the next rows'
            continue  # 在…等方面: a phrase between them and the measure
        for index in taken:
            row = ctx.found[index]
            if row.kind == "programme" and not row.object.startswith("对"):
                # The row's words start at 对 too: its quote says whom the measure is for.
                ctx.found[index] = replace(row, object=f"对{who}{of}{row.object}", start=named_at, rule="gov.measure.for")
        return


def _qualitative_targets(ctx: Context) -> None:
    if not ctx.notes["targets"]:
        return
    for start, end in ctx.notes["qualitative"]:
        clause = ctx.text[start:end]
        ctx.found.append(Candidate("target", _DIRECTION.search(clause).group(1), clause, start, end, "gov.target.qualitative"))


# What names nothing when it is all of an object (_worth_a_row), as one pattern.
_ALONE = re.compile("|".join(f"(?:{p.pattern})" for p in (BARE_WORD, GOAL_FIGURE, SLOGAN_ITEM, STATE_CLAUSE)))


def _worth_a_row(obj: str) -> bool:
    """Not one generic or broad word alone (做好工作, 发展经济), nor an amount alone (再增加110万套), nor a slogan
    (稳增长, 以改革促发展) or a state said of a thing (任务重, 前景广) alone, nor a pointer (相关机制)."""
    return _ALONE.fullmatch(obj) is None and POINTER.match(obj) is None


_CLAUSE = re.compile("")  # the government frames read the whole clause

FRAMES = (
    Frame("gov.scope", _CLAUSE, _scope, "programme", needs=_SCOPE_WORDS),
    Frame("gov.target", _CLAUSE, _target, "target", needs=_TARGET_NEEDS),
    Frame("gov.goal", _CLAUSE, _goal, "target"),
    Frame("gov.target.assured", _CLAUSE, _assured, "target", needs=_ASSURED_LAST),
    Frame("gov.measure.aspects", _CLAUSE, _aspects, "programme", needs=re.compile("在")),
    Frame("gov.measure.fronted", _CLAUSE, _fronted, "programme", needs=re.compile("对")),
    Frame("gov.measure.granted", _CLAUSE, _granted, "programme", needs=re.compile("给予")),
    Frame("gov.measure.provided", _CLAUSE, _provided, "programme", needs=re.compile("为")),
    Frame("gov.measure.tilt", _CLAUSE, _tilt, "programme", needs=re.compile("倾斜")),
    Frame("gov.measure.topic", _CLAUSE, _topic, "programme", needs=re.compile("要|必须|一律|尽")),
    Frame("gov.programme", _CLAUSE, _programme, "programme"),
    Frame("gov.measure", _CLAUSE, _measure, "programme"),
)
TABLE = Table(
    name="gov",
    frames=FRAMES,
    # …，…；… and a 并 that starts a second verb phrase (划定并实行特殊保护).
    breaks="[，；：,;:。！？]|并(?=" + _VERB.pattern + ")",
    unmatched=_unmatched,
    keep=_worth_a_row,
    trim=False,
    lead=_LEAD,
    aside=PREDICTION,
    begin=_begin,
    finish=_finish,
)


def candidates(text: str, sentence: Sentence) -> list[Candidate]:
    return [_specific(row) for row in run(TABLE, text, sentence)]


# 对实体经济特别是小微企业支持: the class names the direction, what follows 特别是 the deliverable.
_ESPECIALLY = re.compile(r"特别是|尤其是")


def _specific(row: Candidate) -> Candidate:
    especially = _ESPECIALLY.search(row.object)
    if especially is None or especially.end() == len(row.object):
        return row
    return replace(row, object=("对" if row.object.startswith("对") else "") + row.object[especially.end() :])


# --- targets ------------------------------------------------------------------------------------------


# 城乡X分别提高a和b: two goals, the towns' and the countryside's.
_URBAN_RURAL = re.compile(r"城乡(?P<rest>[^，；。]+?)(?:要)?分别(?P<verb>提高到|提高|增长|增加|达到|降低|下降)[^，；。]+")


def _targets(text: str, start: int, end: int, *, goals, following: str = "") -> list[Candidate]:
    clause = text[start:end]
    if _NOT_GOAL.search(clause) or _RECORD.match(following):
        return []
    figures = [m for m in GOAL_FIGURE.finditer(clause) if not _is_attribute(clause, m)]
    state = _TARGET_STATE.search(clause)
    if not figures and not (state and clause.startswith(("实现", "两年内实现", "基本实现"))):
        return []
    if not figures and state:
        verb = _TARGET_VERB.search(clause)
        return [Candidate("target", verb.group(), clause[verb.end() :], start, end, "gov.target.state")]
    urban_rural = _URBAN_RURAL.fullmatch(clause)
    if urban_rural and len(figures) == 2:
        # 城乡低保人均补助标准分别提高5%和8%: the first figure is the towns', the second the countryside's.
        rest, verb = urban_rural.group("rest"), urban_rural.group("verb")
        return [
            Candidate("target", verb, f"{side}{rest}{verb}{figure.group()}", start, end, "gov.target.urban_rural")
            for side, figure in zip(("城市", "农村"), figures)
        ]
    # Pilots in a counted share of places are targets; other figures only count outside attributes.
    first = figures[0]
    before = clause[: first.start()]
    indicator = _COMPARISON.sub("", before)
    if _RESTATED.match(indicator) and not clause[first.end() :].strip("以上下内左右"):
        return []
    if before.endswith("目标"):
        return []  # 经济增长预期目标6.5%－7%: the goal named again
    action = _target_action(text, clause, start, goals)
    # What precedes the goal phrase: a comparison base (比改革前) or a paying agent (中央财政), then the verb.
    offset = 0
    comparison = _COMPARISON.match(clause)
    agent = _AGENT.match(clause)
    if comparison:
        offset = comparison.end()
    elif agent:
        offset = agent.end()
    lead = _TARGET_LEAD.match(clause, offset)
    verbs = _VERB_LIST.match(clause, offset)
    if lead and verbs and verbs.group().startswith(lead.group()):
        lead = verbs  # 淘汰、停建、缓建煤电产能…: one goal for the three verbs
    if lead and clause[lead.end() : first.start()] == "" and not clause[first.end() :].strip("以上下内左右"):
        lead = None  # 中央预算内投资安排5000亿元: the verb sits between indicator and figure
    if lead:
        action = _verb_of(lead.group()) if lead is not verbs else lead.group()
        object_start = start + lead.end()
    else:
        object_start = start + (comparison.end() if comparison else 0)
        if clause.startswith(("将", "把")):
            object_start = start + 1  # 将制造业等行业现行16%的税率降至13%
    respective = _respective(text, object_start, end, action)
    if respective:
        return respective
    items = split_items(text, object_start, end)
    if len(items) > 1:
        return _target_list(text, items, action)
    return [Candidate("target", action, text[object_start:end], start, end, "gov.target")]


def _is_attribute(clause: str, match) -> bool:
    if match.group().endswith("以下") and CJK_CHAR.match(clause, match.end()):
        return True  # 30万千瓦以下煤电机组: a size class, not a goal
    after = _ATTRIBUTE.match(clause, match.end())
    return bool(after) and not clause.startswith("在")


def _verb_of(lead: str) -> str:
    return re.sub(r"^(?:再|继续|进一步|力争|确保)", "", lead)


def _target_action(text: str, clause: str, start: int, goals) -> str:
    verb = _TARGET_VERB.search(clause)
    if verb:
        return verb.group()
    if goals and start > goals.end():
        return goals.group(1)
    figure = GOAL_FIGURE.search(clause)
    if figure and "元" in figure.group():
        # 其中，中央财政赤字1.4万亿元: the verb of the allocation it details, earlier in the paragraph.
        paragraph = text.rfind("\n", 0, start) + 1
        earlier = [m.group() for m in _ALLOCATION.finditer(text, paragraph, start)]
        if earlier:
            return earlier[-1]
    # 退耕还林还草1500万亩以上: the indicator is the action.
    return clause[: figure.start()] if figure else ""


def _target_list(text: str, items: list[tuple[int, int]], action: str) -> list[Candidate]:
    """完成铁路投资8000亿元、公路投资1.65万亿元: one row each; 化学需氧量、氨氮排放量要分别下降2%: the
    indicator and the figure of the last item completed into the others."""
    last_start, last_end = items[-1]
    last = text[last_start:last_end]
    rows = []
    tail = ""
    indicator = _INDICATOR.search(last)
    first_has_figure = bool(GOAL_FIGURE.search(text, items[0][0], items[0][1]))
    if indicator and not first_has_figure:
        tail = _TAIL_NOISE.sub("", last[indicator.start() :])
    elif not first_has_figure or "等" in last:
        # 交通运输业、建筑业等行业现行10%的税率降至9%: the list only gives examples of the indicator;
        # 完成以电代煤、以气代煤300万户以上: one figure for the whole list, one goal.
        return [Candidate("target", action, text[items[0][0] : last_end], items[0][0], last_end, "gov.target.one_figure")]
    for item_start, item_end in items:
        item = text[item_start:item_end]
        if tail:
            core = last[: indicator.start()] if item_start == last_start else item
            item = complete(core, tail=tail)
        rows.append(Candidate("target", action, item, item_start, item_end, "gov.target.list"))
    return rows


# A、B排放要分别减少a和b: the figures, in order, of the names listed.
_RESPECTIVE = re.compile(
    rf"(?P<names>[^，；。]+?)(?P<indicator>{_INDICATOR.pattern})?(?:要|将)?分别(?P<verb>[^\d，；。、和]*)(?P<figures>[^，；。]+)"
)


def _respective(text: str, start: int, end: int, action: str) -> list[Candidate]:
    """二氧化硫、氮氧化物排放要分别减少3%左右和5%左右: one target per name, each with its own figure and the
    indicator and verb said once for all; [] when the figures are not one per name."""
    split = _RESPECTIVE.fullmatch(text, start, end)
    if split is None:
        return []
    names = split_items(text, *split.span("names"), pairs=True)
    figures = split_items(text, *split.span("figures"), pairs=True)
    if len(names) < 2 or len(figures) != len(names) or not all(GOAL_FIGURE.fullmatch(text, a, b) for a, b in figures):
        return []
    shared = (split.group("indicator") or "") + split.group("verb")
    named = [text[a:b] for a, b in names]
    cores = {len(name) for name in named[:-1]}
    if len(cores) == 1 and (core := cores.pop()) <= 3 and len(named[-1]) >= core + 2:
        # 中央和地方财政赤字: short names share what the last one goes on with.
        named = [name + named[-1][core:] for name in named[:-1]] + named[-1:]
    return [
        Candidate("target", split.group("verb") or action, name + shared + text[c:d], a, b, "gov.target.respective")
        for name, (a, b), (c, d) in zip(named, names, figures)
    ]


# --- programmes ---------------------------------------------------------------------------------------


@lru_cache(maxsize=64)  # gov.programme and gov.measure both ask it of the same clause
def _governing_verb(text: str, start: int, end: int):
    """The clause's verb: the first known verb after the adverbs (加快 is one: 加快改组组建…), when
    nothing but a prepositional phrase or an agent lies between them (形成全国统一… is not 统一…). A verb inside
    在…中/上 or after 的 governs nothing; after a verb inside 以… or 为…, the next verb governs."""
    if _FRAME.fullmatch(text, start, end):
        return None
    position = start
    adverbs = _ADVERB.match(text, position, end)
    if adverbs:
        position = adverbs.end()
    match = _VERB.search(text, position, end)
    if not match:
        return None
    if text.startswith(_NOUNS_FROM_VERBS, match.start()):
        return None  # 以改革开放40周年为契机: a verb that begins a noun is none
    before = text[position : match.start()]
    if before:  # most clauses open with their verb: what follows is for the others only
        if not _PREP.match(before) or ("、" in before and not _LOCATIVE.search(before)):
            return None  # 在资质许可、标准制定…等方面: the verb lies inside the prepositional phrase
        if before[-1] == "的":
            return None  # 以…文化的繁荣兴盛: a verb after 的 is a noun
        if before[0] in "把将" and text.startswith("成", match.end()) and not text.startswith(_NOT_RESULT, match.end()):
            return None  # 把节能环保产业培育成…支柱产业: what a thing is made into is an aim
        lead = before[0]
        if lead == "在" and (place := _CLOSES_PLACE.match(text, match.end(), end)):
            goes_on = place.end()
            if _ADVERB.match(text, goes_on, end) or _VERB.match(text, goes_on, end) or _GOES_ON.match(text, goes_on, end):
                return None  # 在发展中逐步化解: the verb lies inside 在…中/上, the clause goes on after it
        elif (
            lead in "以为"
            and (len(before) > 1 or match.group() in _NOMINAL_VERBS)
            and (after := _VERB.match(text, match.end(), end))
        ):
            # 以结构调整促进…, 为重点项目建设提供…, 以改革推动…: the first verb is inside 以…/为…, the next one governs
            # (not 以防范化解…, one compound verb right after 以).
            match = after
    if match.group() in _AUXILIARY:
        # 抓紧制定…: an adverb before another verb; 抓紧新一轮…: the verb itself.
        following = _VERB.match(text, match.end(), end)
        if following:
            return following
    return match


def _action(text: str, start: int, verb) -> str:
    """The verb as written, with a modifier that is part of the promise (全面实施, 大力推行, 组织实施)."""
    modifier = _MODIFIER.search(text, max(start, verb.start() - 2), verb.start())
    return (modifier.group() if modifier else "") + verb.group()


def _programmes(text: str, start: int, end: int, rest: list[int] | None = None) -> list[Candidate]:
    """The rows of a programme verb's clause; where a 、 starts a second verb phrase, its start goes in ``rest``."""
    verb = _governing_verb(text, start, end)
    if verb is None:
        return []
    base = verb.group()
    rule = _RULE[base]
    if base in _WHOLESALE and _action(text, start, verb).startswith("全面"):
        rule = "always"
    if rule in ("block", "measure"):
        return []  # a policy measure at most (gov.measure)
    action = _action(text, start, verb)
    if _SECOND_VERB.match(text, verb.end()):
        return []
    object_start, object_end = verb.end(), end
    pair = _VERB_PAIR.match(text, object_start, end)
    if pair is None:
        # 制定出台…政策: a second step verb right after the first is part of the action.
        pair = _VERB.match(text, object_start, end)
        if pair and _RULE[pair.group()] != "always" and pair.group() != "实施":
            pair = None
    if pair:
        # 建立和完善…机制, 制定和实施…战略: two verbs on one object; the first decides.
        action += pair.group()
        object_start = pair.end()
    object_end = _verb_phrase_end(text, object_start, object_end)
    obj = text[object_start:object_end]
    if not obj:
        return []
    if object_end < end and rest is not None:
        rest.append(object_end + 1)
    if rule == "general":
        if not (_PILOT.search(obj) or _EXEMPTION.search(obj)):
            return []
    elif rule == "shape":
        shape = _SHAPES.get(base)
        if shape is None:
            return []
        if not (shape.search(obj) or _PILOT.search(obj) or _ends_list_shape(text, object_start, object_end, shape)):
            return []
    kind = _kind(base, obj)
    rule = "gov.programme." + ("pilot" if rule == "general" else rule)  # which verb class decided
    # 对排污企业全面实行在线监测: the measure is named with what it applies to.
    toward = _toward(text, start, verb.start()) if base in {"实行", "实施"} else None
    if toward:
        return [Candidate(kind, action, toward + obj, start, end, rule + ".toward")]
    return _items(text, kind, action, start, object_start, object_end, rule)


def _verb_phrase_end(text: str, start: int, end: int) -> int:
    """Where the object ends when a 、 joins a second verb phrase (开展…专项行动、明显降低辍学率)."""
    position = text.find("、", start, end)
    while position >= 0:
        after = position + 1
        adverbs = _ADVERB.match(text, after, end)
        if _VERB.match(text, adverbs.end() if adverbs else after, end):
            return position
        position = text.find("、", after, end)
    return end


def _toward(text: str, start: int, verb_start: int) -> str | None:
    match = re.match(r"对([^，；。]+?)(?:全面|统一|普遍)?$", text[start:verb_start])
    return match.group(1) if match else None


def _ends_list_shape(text: str, start: int, end: int, shape) -> bool:
    """A list whose shared head noun follows 等 (建设A、B等重大项目) has the shape of that noun."""
    etc = ETC.search(text, start, end)
    return bool(etc) and bool(shape.search(text[etc.end() : end]))


def _kind(verb: str, obj: str) -> str:
    if verb in _ACTIVITY_VERBS:
        return "activity"
    if verb in _DRAFTING or verb.endswith(("制定", "修改", "修订", "废止")):
        if doc.GOV_LAW.search(obj) and not doc.GOV_RULES.search(obj):
            return "legislation"
        if doc.GOV_RULES.search(obj):
            return "rules"
    if verb == "实现" and _TARGET_STATE.search(obj):
        return "target"
    return "programme"


# What any cut of a list needs: a 、, a conjunction (和, 及, 以及) or a quote or bracket (《A》《B》, and marks that
# hide a 、 or 和 from the cut).
_LIST_MARK = re.compile(f"[、和及]|{ANY_MARK.pattern}")


def _items(
    text: str, kind: str, action: str, row_start: int, start: int, end: int, rule: str, *, heads: re.Pattern | None = None
) -> list[Candidate]:
    """One row per item of a shared-verb list, each completed with the parts the list shares. ``heads``: the
    head nouns a list's items may share (a measure's list shares more kinds of noun than a programme's)."""
    if _LIST_MARK.search(text, start, end) is None:
        # Speed only: with no 、, 和/及, quote or bracket nothing below cuts the object (the common case).
        obj = text[start:end]
        return [Candidate(_kind_of_item(kind, action, obj), action, obj, row_start, end, rule)]
    heads = heads or _TAIL_COMPOUND
    quantifier = _QUANTIFIER.match(text, start, end)
    list_start = quantifier.end() if quantifier else start
    tail = ""
    list_end = end
    etc = first_top_level(text, ETC.pattern, list_start, end)
    if etc is not None and etc.end() < end and "、" in text[list_start : etc.start()]:
        if (joined := first_top_level(text, "以及", etc.end(), end)) is not None and joined.end() < end:
            # 财税、土地等支持政策以及带薪休假等制度: a closed list, then a second object of the same verb.
            first = _items(text, kind, action, row_start, start, joined.start(), rule, heads=heads)
            return first + _items(text, kind, action, joined.end(), joined.end(), end, rule, heads=heads)
        tail = text[etc.end() : end]  # A、B等重大工程: the head noun after 等 is shared
        list_end = etc.start()
    if not quantifier and not tail and (shared := _shared_tail_pair(text, list_start, list_end)):
        # 扩大股权和分红激励政策实施范围: two names and the part they share (see _shared_tail_pair).
        return [
            Candidate(_kind_of_item(kind, action, o), action, o, row_start if a == list_start else a, b, rule + ".pair.shared_tail")
            for o, a, b in shared
        ]
    pairs = _document_pair(text, list_start, list_end) or _shared_attribute(text, list_start, list_end)
    spans = split_items(text, list_start, list_end, pairs=pairs)
    listed = split_items(text, list_start, list_end, conjunctions=False)
    if len(listed) >= 2 and _places_first(text, listed):
        # 香港、澳门特别行政区行政长官和政府依法施政: the places share all that follows the last one's name, its 和 too.
        spans = listed
    if len(spans) < 2 or _modifier_list(text, spans) or _JOINT.search(text, spans[-1][0], spans[-1][1]):
        # 医疗、医保、医药联动改革: a word that takes the items together makes the list one measure.
        obj = text[start:end]
        return [Candidate(_kind_of_item(kind, action, obj), action, obj, row_start, end, rule)]
    items = [text[s:e] for s, e in spans]
    if (crossed := _works_of_names(text, spans, listed)) or (crossed := _attributes_after_pair(text, listed)):
        # 股票、债券市场改革和法治化建设; 国有商业银行和开发性、政策性金融机构改革 (see the two functions)
        return [Candidate(_kind_of_item(kind, action, o), action, o, a, b, rule + ".list.shared_tail") for o, a, b in crossed]
    if len(items) >= 3 and all(SLOGAN_ITEM.fullmatch(item) for item in items[:-1]) and SLOGAN_ITEM.match(items[-1]):
        return []  # 做好稳增长、促改革、调结构、惠民生、防风险、保稳定工作: the year's slogans
    head = ""
    if pairs:
        # 有碍发展的行政法规和规范性文件: the first item's modifier is shared.
        modifier = items[0].rfind("的")
        head = items[0][: modifier + 1] if modifier > 0 and "的" not in items[-1] else ""
    elif all(map(only_places, items[:-1])) and len(items[-1]) - len(place := leading_place(items[-1])) >= 2 and place:
        # 上海和广东、天津、福建自贸试验区建设: places share what follows the last one's name, as the others write
        # theirs (香港、澳门特别行政区行政长官…: 香港特别行政区行政长官…).
        tail = items[-1][len(written_short(place, items[:-1])) :] + tail
    elif (growth := _GROWTH.search(items[-1], 2)) and not any(_GROWTH.search(item) for item in items[:-1]):
        # 促进电子商务、工业互联网和互联网金融健康发展: the growth wished for is each name's.
        tail = items[-1][growth.start() :] + tail
        items[-1] = items[-1][: growth.start()]
    elif not any(heads.search(item) and not (len(item) <= 2 and heads.fullmatch(item)) for item in items[:-1]):
        # An earlier item with a head noun of its own (A体系、B机制) shares none; one that is only a head noun
        # (装备、技术、标准、服务走出去) is a thing like the others.
        compound = heads.search(items[-1])
        if compound and compound.start() > 0:
            # 全民节能、节水行动: 行动 is shared; 国有资本投资、运营公司等改革试点: 公司 and 改革试点 are.
            tail = compound.group() + tail
            head = _shared_head(items, compound.start())
        elif heads is not _TAIL_COMPOUND and max(map(len, items[1:])) <= 4 and (head := _shared_head(items, len(items[-1]))):
            pass  # 企业信用信息统一归集、依法公示、联合惩戒: the first item's subject is shared
        elif opener := _CONTINUATION.search(items[-1], 1):
            # 火电、钢铁行业超低排放改造, 工业、燃煤、机动车三大污染源治理: names, then a word that opens what they
            # all share (a class, a medium, a count of the names listed).
            if not any(_CONTINUATION.search(item) for item in items[:-1]) and max(map(len, items[:-1])) <= 6:
                tail = items[-1][opener.end("count") if opener.group("count") else opener.start() :] + tail
                items[-1] = items[-1][: opener.start()]
        elif core := _parallel_core(items):
            # 中美、中欧投资协定谈判: short items of one length, the last going on with what they all share.
            tail = items[-1][core:] + tail
    topic = "" if head else _function_topic(items)
    rows = []
    for (item_start, item_end), item in zip(spans, items):
        of_topic = bool(topic) and bool(FUNCTION_SYSTEM.fullmatch(item))
        obj = complete(item, head=topic if of_topic else head, tail=tail)
        if quantifier:
            obj = complete(obj, head=quantifier.group())  # 建设一批A、B: 一批 is shared
        span_start = row_start if pairs and item_start == spans[0][0] else item_start
        item_rule = rule + (".list.topic" if of_topic else ".list")
        rows.append(Candidate(_kind_of_item(kind, action, obj), action, obj, span_start, item_end, item_rule))
    if not all(_TWO_CJK.search(row.object) for row in rows):
        # 风、光、水电消纳问题: an item of one character names nothing alone; the list is one measure.
        obj = text[start:end]
        return [Candidate(_kind_of_item(kind, action, obj), action, obj, row_start, end, rule)]
    return rows


def _works_of_names(text: str, spans: list[tuple[int, int]], listed: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """股票、债券市场改革和法治化建设: names listed, then two works joined by 和 after the last name. The 和 joins
    works, not a third item, when its right side names no thing (a quality built, 法治化建设) and the side before
    ends with work of its own (改革); every name gets that work, a short earlier name with the head the last one
    goes on with (股票 -> 股票市场改革). [] when the list is not so written."""
    if len(spans) < 3 or len(listed) != len(spans) - 1:
        return []
    *names, (ws, we) = spans
    second = text[ws:we]
    last_start, last_end = names[-1]
    first_work = _WORK_NOUN.search(text, last_end - 2, last_end)
    if first_work is None or not ABSTRACT.search(_GENERIC_TAIL.sub("", second)) or not _GENERIC_TAIL.search(second):
        return []
    written = [text[a:b] for a, b in names[:-1]] + [text[last_start : first_work.start()]]
    # Short earlier names of one length take the head the last name goes on with after a word of that length
    # (股票、债券市场: 债券 is a word, 市场 the head).
    cores = {len(name) for name in written[:-1]}
    core = cores.pop() if len(cores) == 1 else 0
    if not (2 <= core <= 3 and len(written[-1]) >= core + 2 and dictionary_word(written[-1][:core])):
        core = 0
    if not all(_TWO_CJK.search(name) for name in written) or any(_WORK_NOUN.search(name) for name in written):
        return []
    full = [name + written[-1][core:] if core and len(name) == core else name for name in written]
    # The quality built (法治化建设) is said once of the list, as written: crossed with each name it would name a
    # state of that market the follow-up report never reports on its own.
    return [(name + first_work.group(), a, b) for name, (a, b) in zip(full, names)] + [(second, ws, we)]


def _attributes_after_pair(text: str, listed: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """国有商业银行和开发性、政策性金融机构改革: a 和 in the first item joins a name with a list of attributes of one
    length and one last character (开发性、政策性, of the kind the last item names); those share the last item's noun
    and work, the name before 和 only the work (国有商业银行改革). [] when the list is not so written."""
    if len(listed) != 2:
        return []
    (fs, fe), (ls, le) = listed
    pair = split_pair(text, fs, fe)
    if pair is None:
        return []
    (xs, xe), (ys, ye) = pair
    attribute, last = text[ys:ye], text[ls:le]
    size = len(attribute)
    if not 2 <= size <= 4 or len(last) < size + 4 or attribute[-1] != last[size - 1] or not _ALL_CJK.fullmatch(attribute + last):
        return []
    work = _WORK_NOUN.search(last, len(last) - 2)
    name = text[xs:xe]
    if work is None or not _TWO_CJK.search(name) or _WORK_NOUN.search(name):
        return []
    shared = last[size:]
    return [(name + work.group(), xs, xe), (attribute + shared, ys, ye), (last, ls, le)]


def _function_topic(items: list[str]) -> str:
    """安全生产责任、管理制度和考核机制: the topic of the first item (安全生产), which a later item named only by
    what it does (管理制度, 考核机制) belongs to; "" when there is none."""
    first = items[0]
    system = SYSTEM_HEAD.search(first)
    if system is None or FUNCTION_SYSTEM.fullmatch(first) or not _TWO_CJK.search(first, 0, system.start()):
        return ""
    if not any(FUNCTION_SYSTEM.fullmatch(item) for item in items[1:]):
        return ""
    return first[: system.start()]


_SHARED_CONTINUATION = re.compile(r"(?:谈判|协定|走出去)$")
# What opens the part a list's names share, in its last item: a count of the names (三大), a class (行业) or a
# medium (污染).
_CONTINUATION = re.compile(r"(?P<count>[两三四五六七八九十]大)|行业|(?:大气)?污染")
# The manner of growth a list's names are each wished (…志愿服务和慈善事业健康发展).
_GROWTH = re.compile(r"(?:健康|规范|有序|持续)+发展$")


def _parallel_core(items: list[str]) -> int:
    """The length of the parallel items before the last (中美、中欧投资协定谈判 -> 2) when they are all of one
    length, two to four Chinese characters, and the last item is at least two characters longer; else 0."""
    cores = {len(item) for item in items[:-1]}
    if len(cores) != 1:
        return 0
    core = cores.pop()
    if not 2 <= core <= 4 or len(items[-1]) < core + 2 or not all(_ALL_CJK.fullmatch(item) for item in items):
        return 0
    # The last item's first characters are a name like the others when they begin or end as each of them does
    # (中美、中欧; 革命老区、民族地区、边疆地区; 群众体育、竞技体育), or when what follows is a head things share
    # (装备、技术、标准、服务走出去). Else its own name may be longer, and the cut would fall inside a word
    # (京津冀、长江经济带发展, 土壤、地下水污染防治, 教育、卫生健康领域合作).
    name = items[-1][:core]
    alike = all(item[0] == name[0] or item[-1] == name[-1] for item in items[:-1])
    # … or when all that follows is the bare work done on each (质量、标准和品牌建设).
    bare_work = _GENERIC_TAIL.fullmatch(items[-1], core) is not None
    return core if alike or bare_work or _SHARED_CONTINUATION.search(items[-1], core) else 0


def _shared_head(items: list[str], core: int) -> str:
    """The head the first item carries for all (全民节能、节水行动 -> 全民; 国有资本投资、运营公司 ->
    国有资本): what the first item has beyond the length of the parallel cores, when the cores after
    it are all of one length."""
    cores = {len(item) for item in items[1:-1]} | {core}
    first = items[0]
    if _AND.search(first, len(first) - core + 1):
        # 中西部铁路和公路、内河航道: a 和 after the core's first character means the cut falls inside a pair of things
        # (a 和 that opens the core, 各民族和睦相处, is a word's); a 及 inside a word (及时) fails safe: no head shared.
        return ""
    # Parallel cores are short words (节能、节水); a longer one (国有商业银行和开发性、政策性金融机构改革) is no core,
    # and leaves no head to share.
    if len(cores) == 1 and core <= 4 and len(first) - core >= 2:
        return first[: len(first) - core]
    return ""


def _kind_of_item(kind: str, action: str, obj: str) -> str:
    return _kind(action, obj) if kind in {"legislation", "rules"} else kind


def _places_first(text: str, spans: list[tuple[int, int]]) -> bool:
    """Items that are place names, then one that opens with a place name and goes on (上海、福建自贸试验区建设), with
    no other place joined after it (上海、广东自贸试验区和海南自由贸易港建设: 海南 is an item of its own)."""
    last = text[spans[-1][0] : spans[-1][1]]
    place = leading_place(last)
    if not place or len(last) - len(place) < 2 or not all(only_places(text[a:b]) for a, b in spans[:-1]):
        return False
    return not any(leading_place(last[join.end() :], wordlike=True) for join in _AND.finditer(last, len(place)))


def _modifier_list(text: str, spans: list[tuple[int, int]]) -> bool:
    """构建大中小企业、高校、科研机构、创客多方协同的新型机制: the list only modifies the head noun."""
    last = text[spans[-1][0] : spans[-1][1]]
    return "的" in last and "的" not in text[spans[0][0] : spans[0][1]]


def _document_pair(text: str, start: int, end: int) -> bool:
    """行政法规和规范性文件: two kinds of document joined by 和 are two rows."""
    join = _AND.search(text, start, end)
    if not join:
        return False
    return bool(doc.GOV_DOCUMENT.search(text[start : join.start()])) and bool(doc.GOV_DOCUMENT.search(text[start:end]))


_AND = re.compile(r"[和及]")
# A short attribute before two named things joined by 和, said of both (必要的财政支出和政府投资, 全国统一的社会信用代码
# 制度和信用信息共享交换平台): the attribute, then each thing of four characters or more.
_SHARED_ATTRIBUTE = re.compile(r"[\u4e00-\u9fff]{2,4}的[^的和、，；。]{4,}和[^的和、，；。]{4,}")


def _shared_attribute(text: str, start: int, end: int) -> bool:
    """必要的财政支出和政府投资: two things under one short attribute are two rows (its attribute shared)."""
    if _SHARED_ATTRIBUTE.fullmatch(text, start, end) is None:
        return False
    return not _verb_first(text[text.find("和", start, end) + 1 : end])  # not 甲类的X和加强Y: a second clause


# --- clauses joined across a comma ----------------------------------------------------------------------


def _joined(text: str, start: int, end: int, following) -> tuple[list[Candidate], bool] | None:
    """将X扩大到/纳入/推广到Y, also across a comma (将X，从A扩大到B), and 对A、B，实行Y. Returns the rows
    and whether the following clause was used, or None when the clause is neither."""
    for span_end, used in ((end, False), (following[1] if following else None, True)):
        if span_end is None:
            continue
        rows = _disposal(text, start, span_end, joined=used)
        if rows is None and used:
            rows = _measure_for_list(text, start, span_end)
        if rows is not None:
            return rows, used
    return None


def _disposal(text: str, start: int, end: int, *, joined: bool) -> list[Candidate] | None:
    match = _DISPOSAL.match(text, start, end)
    if match is None:
        return None
    if _GRADUAL.search(match.group(0)):
        return []  # 把外来人口逐步纳入…: a direction, no step
    action = match.group("verb")
    scope = match.group("scope")
    obj = match.group("object")
    if action == "纳入":
        if not _INTAKE.search(scope):
            return []
        return [Candidate("programme", action + scope, obj, start, end, "gov.scope.intake")]
    if action == "推向":
        # 将竞争性业务全面推向市场: what the state stops running itself.
        obj = _HOW.sub("", obj)
        return [Candidate("programme", action + scope, obj + action + scope, start, end, "gov.scope.to_market")]
    if action.startswith("推广"):
        return [Candidate("programme", action + scope, obj, start, end, "gov.scope.roll_out")]
    if action in _ASSIGNING:
        if not scope:
            return []
        # 把适合作为地方收入的税种下划给地方, 将长三角区域一体化发展上升为国家战略: the thing with where it goes.
        return [Candidate("programme", action + scope, _HOW.sub("", obj) + action + scope, start, end, "gov.scope.assigned")]
    scopes = split_items(text, match.start("scope"), match.end("scope")) if scope else []
    if len(scopes) > 1 and not joined:
        # 将试点范围扩大到A、B、C: each sector reached is a deliverable, named with the scope it joins.
        return [Candidate("programme", action, f"{obj}{action}{text[s:e]}", s, e, "gov.scope.extended_to") for s, e in scopes]
    return [Candidate("programme", action, obj, start, end, "gov.scope.extended")]


def _measure_for_list(text: str, start: int, end: int) -> list[Candidate] | None:
    match = _TOWARD_MEASURE.match(text, start, end)
    if match is None:
        return None
    action = match.group("verb") + match.group("measure")
    items = split_items(text, match.start("list"), match.end("list"))
    if len(items) < 2:
        return None
    # 对A、B，实行目录清单管理: each item with the measure it gets (对政府性基金实行目录清单管理).
    return [Candidate("programme", action, f"对{text[s:e]}{action}", s, e, "gov.scope.measure_for_list") for s, e in items]
