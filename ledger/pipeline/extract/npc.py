"""Deliverables of a standing committee's tasks section (人大常委会工作报告).

A sentence is cut into clauses at top-level ，；： (never inside quotes or 《》, whose names may hold
commas). Each clause is matched against frames: a verb from a lexicon, an object region and often a
marker that fixes the kind (…执法检查, …专题调研, 对…开展监督, 听取…报告). The object region is split
into list items (enumerations.py) and each item completed from what the list shares: a shared tail
(计划执行、预算执行等报告 -> 计划执行报告), a shared head (区政府关于…) or a subject named in an
earlier clause (聚焦X，…开展视察和监督). A clause with no verb that only lists objects of the same
shape continues the previous clause's list (制定A，B、C). Anything else is general direction and gives
no candidate; the dispatcher makes the general row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..types import Candidate, Sentence
from .enumerations import complete, split_items, split_pair

# --- clauses -----------------------------------------------------------------------------------------

_OPEN = "“‘《〈（(「『【"
_CLOSE = "”’》〉）)」』】"
_BREAK = "，；：。！？,;:"
_EDGE = " \t\u3000，；：。！？,;:、"

# Adverbs and companions that may stand before a clause-initial verb (持续跟踪…, 与…联动开展…).
_LEAD = (
    r"^(?:(?:持续|继续|进一步|深入|扎实|认真|全面|积极|适时|有序|及时|大力|切实|着力|统筹|精准|依法|"
    r"联合|协同|同步|联动|上下联动|更好|加快|不断|稳步|逐步|重点|严格|还将|将|要)\s*)*?"
)

# --- object shapes ----------------------------------------------------------------------------------

_QUOTES = re.compile(r"[《》〈〉]")
_LAW = re.compile(
    r"(?:条例|法实施办法|实施[〈《]?[^〉》]{2,40}?法[〉》]?办法|(?<![办方做说想])法|法规|单行条例|自治条例)[”》]?"
    r"(?:修订|修正)?(?:草案|修正案)?$"
)
_TITLE = re.compile(r"^《.+》$")
_RULES = re.compile(r"(?:办法|规定|细则|规则|意见|措施|规程|准则|守则|制度)[”》]?$")
_DECISION = re.compile(r"^关于.+的(?:决定|决议)$")
_BUDGET = re.compile(r"(?:预算调整(?:方案)?|决算(?:草案)?|预算(?:草案)?|计划(?:调整方案)?)$")
_REPORT_END = re.compile(r"(?:报告|汇报)$")
_REPORT_TAIL = re.compile(r"(?:情况)?的?(?:报告|汇报)$")
_ONLY_REPORT = re.compile(r"^(?:专项|综合|专题)(?:工作)?(?:报告|汇报)$")
_REPORT_KIND = re.compile(r"(?:综合|专项|专题)?(?:工作)?(?:报告|汇报)$")
# An item that already ends in a noun of its own takes only the report word of a shared tail.
_OWN_NOUN = re.compile(r"(?:情况|评估|进展|状况|成效|结果)$")
_ORGAN_ABOUT = re.compile(r"^.{1,14}?关于")
# Named systems, pilots, platforms a committee runs or rolls out (programme).
_SYSTEM = re.compile(
    r"(?:(?<![机体编控限管任])制|会议制度|试点(?:工作)?|系统|平台|题库|数据库|研究会|全覆盖)[”]?$"
)
_QUOTED_SYSTEM = re.compile(r"”(?:制度|机制|服务|改革试点|试点)$|^“[^”]+”$")
# Verbs that run a named system as a whole (深化“两联一述”); 推动 / 推进 + a quoted slogan is direction.
_SYSTEM_VERBS = re.compile(r"深化|完善|落实|推行|推广|实施|拓展")
_EVENT = re.compile(
    r"(?:活动|行动|培训班?|学习班|研讨班|读书班|专题班|讲座|报告会|评选表扬(?:工作)?|评选|座谈会?|论坛|接待(?:代表)?日|大会|会议)[”]?"
    r"(?:(?:\d+|[一二三四五六七八九十]+)[期次场批届])?$"
)
_OVERSIGHT_ITEM = re.compile(r"督办|督查|检查|回头看|审查")
# An item that opens with its action (重点督办代表建议) puts its subject last.
_ACTION_FIRST = re.compile(r"^(?:重点|专项|跟踪)?(?:督办|督查|检查|审查)(?P<head>.{2,})$")
_ACTION_LAST = re.compile(r"(?:重点|专项|跟踪)?(?:督办|督查|检查|审查|公开)$")
# Vague objects: nothing named (有关工作报告, 各类培训, 相关工作制度).
_VAGUE = re.compile(r"^(?:有关|相关|各类|各项|其他|其它|一些|若干|这些|上述)")
# After 等: a category word that names no further object (等方面, 等重点, 等工作, 等数字化平台).
_FILLER_TAIL = re.compile(r"^(?:\d+项|[一二三四五六七八九十]+项)?(?:方面|重点|领域|工作|环节|内容|事项|相关.*|.{0,4}平台|.{0,4}系统)$")
# Verbal nouns an item may end in; a list whose earlier items end in one shares no predicate word.
_PREDICATE = re.compile(
    r"(?:建设|保护|发展|管理|关爱|普惠|执行|落实|改革|整改|推进|实施|运营|治理|防治|促进|保障|应用|转化|"
    r"攻坚|盘活|审判|检察|评估|督办|督查|公开|检查|培训|活动|提质|更新|衔接|监督|服务|利用|开发|调整)$"
)
# Words a shared tail is made of (交通重大项目建设 -> tail 重大项目建设, 人大代表履职培训 -> 履职培训).
_TAIL_WORD = re.compile(r"(?:情况|执行|建设|项目|重大|培训|履职|工作|落实|评选|表扬|决议|专项|实施)$")
_KIND_WORD = re.compile(
    r"^(?:执法检查|专题调研|立法调研|调研|(?:集中|专题)?视察|视察调研|专题询问|询问|评议|工作评议|监督|检查|督办|督促|督查|"
    r"(?:满意度)?测评)(?:和.+)?$"
)
# Who takes part, not what is done: 代表专题调研 names no subject.
_GENERIC_WHO = re.compile(r"^(?:代表|人大代表|组成人员|常委会组成人员|常委会)")
_TAKE_PART = re.compile(r"参加|参与|列席")
# An organ's report is on its work: 市人民法院、市人民检察院工作情况的报告 -> 市人民法院工作情况的报告.
_ORGAN = re.compile(r"(?:法院|检察院|政府|委员会|监委|委|局|厅|部门|单位|机关)$")
_AND_THEN = re.compile(r"并(?:开展|进行|组织)")
_BAD_START = re.compile(r"^[、和及等的并或为]")
_DAMAGED = re.compile(r"？[A-Za-z\u00c0-\u024f]")

# --- frames -----------------------------------------------------------------------------------------
# Each frame is a compiled pattern over one clause; named groups: v (action), o (object region).

# 推进X条例制定工作 / 做好《X规定》的调查研究和初稿起草工作: the verb follows the named laws.
_F_LEG_AFTER = re.compile(
    r"(?:推进|做好|完成|抓好)(?P<o>.+?)的?(?:[^，；、]{0,6}和)?(?:初稿|草案)?(?P<v>制定|修订|修改|起草)工作"
)
_F_LEG_IN = re.compile(r"在(?P<o>.+?)等?立法(?:工作)?中")
_F_DRAFT = re.compile(r"(?P<v>[^，；、]{0,6}起草)工作")
_F_MAKE = re.compile(
    r"(?P<v>继续审议|审查和批准|审查批准|审议批准|集中修正|集中修改|集中清理|制定|修订|修改|修正|废止|出台|作出|建立健全|建立|审议)"
    r"(?P<o>.+)$"
)
_F_REPORT = re.compile(r"(?P<v>听取(?:并|和)?审议|听取|审议)(?P<o>.+)$")
_F_INSPECT = re.compile(r"(?P<v>(?:继续)?开展)(?P<o>.+?)(?:(?:等)?实施情况)?执法检查$")
_F_INSPECT_ON = re.compile(r"对(?P<o>.+?)(?:(?:等)?(?:贯彻)?实施情况)?(?P<v>开展执法检查)$")
_F_INSPECT_CHECK = re.compile(_LEAD + r"(?P<v>检查)(?P<o>.+?)等?(?:贯彻)?实施情况$")
_F_SURVEY = re.compile(r"(?P<v>(?:继续)?开展|启动)(?P<o>.+?)(?P<k>专题调研|立法调研|协同调研|联合调研|联动调研|调研)$")
_F_SURVEY_ON = re.compile(r"(?:对|围绕|就)(?P<o>.+?)(?P<v>开展(?:专题)?调研)$")
_F_SURVEY_VERB = re.compile(_LEAD + r"(?P<v>专题调研|联动调研|调研)(?!成果|工作|视察)(?P<o>.+)$")
_F_VISIT_LIST = re.compile(r"(?P<v>开展)(?P<o>(?!(?:集中|专题)视察).+?)(?:集中|专题)?视察(?:调研)?$")
_F_VISIT_ABOUT = re.compile(r"(?:围绕|就|对)(?P<o>.+?)(?P<v>(?:开展|进行)(?:集中|专题)?视察(?:调研)?)$")
_F_VISIT = re.compile(r"(?P<v>(?:开展|组织)?(?:集中|专题)?视察(?:调研)?)(?P<both>和监督)?(?P<o>.*)$")
_F_INQUIRY = re.compile(r"(?P<v>专题询问)(?P<o>.+)$")
_F_INQUIRY_ABOUT = re.compile(r"(?:围绕|就|对)(?P<o>.+?)(?P<v>开展(?:专题)?询问)$")
_F_INQUIRY_BARE = re.compile(r"^并?(?P<v>开展(?:专题)?询问)$")
# 听取…报告并开展满意度测评: the evaluation is of the report's subject.
_F_EVAL_BARE = re.compile(r"^并?(?P<v>开展|进行)(?:满意度)?测评$")
_F_INQUIRY_TOWARDS = re.compile(r"针对(?P<o>[^“”，]+?)(?:“[^”]*”)?(?P<v>询问).*$")
_F_EVAL = re.compile(r"(?P<v>开展)(?P<o>.+?)(?:(?:专项)?评议|满意度测评)$")
_KIND_OF_WORK = {
    "专题询问": "inquiry",
    "满意度测评": "evaluation",
    "工作评议": "evaluation",
    "专题调研": "survey",
    "集中视察": "visit",
    "视察": "visit",
    "执法检查": "inspection",
}
_KIND_ALT = "|".join(_KIND_OF_WORK)
_F_SEVERAL = re.compile(rf"(?P<v>开展|进行)(?P<o>.+?)(?P<k>(?:{_KIND_ALT})(?:[、和及](?:{_KIND_ALT}))+)$")
_F_EVAL_ON = re.compile(r"对(?P<o>.+?)(?P<v>开展|进行).{0,10}?(?:测评|评议)$")
_F_OVERSEE_ON = re.compile(r"对(?P<o>.+?)(?P<v>(?:开展|进行)(?:专项|跟踪)?(?:监督|检查))$")
_F_OVERSEE_STRENGTHEN_ON = re.compile(_LEAD + r"(?P<v>加强|强化)对(?P<o>.+?)的(?:[^的]{0,4})监督$")
_F_OVERSEE_STRENGTHEN = re.compile(_LEAD + r"(?P<v>加强|强化)(?P<o>.+?)的?监督$")
_F_WHOLE = re.compile(r"(?P<v>实施|开展|强化|加强)(?P<o>.*?)的?(?:全链条|全过程|全方位|全周期)监督$")
# A short lead sentence naming the subject its paragraph supervises (加强民生实事监督。).
_F_LEAD_OVERSIGHT = re.compile(r"^(?:加强|强化|做好)(?P<o>[^，；、]{2,12}?)监督[。！]?$")
_F_OVERSEE = re.compile(
    _LEAD + r"(?P<v>(?:持续)?(?:监督推动|监督|跟踪督促|跟踪监督|督促落实|跟踪|关注))(?!机制|指导|法|工作|等)(?P<o>.+)$"
)
_F_REVIEW = re.compile(r"(?P<v>开展)(?P<o>.+?)(?:专项审查|专项监督|专项检查)$")
_F_PROGRAMME = re.compile(
    r"(?P<v>全面推进实施|全面推行|全面实施|全面推广|迭代升级|整合提升|更新完善)(?P<o>.+)$"
)
# Setting up a body: the object must name one (研究会, 中心, 小组 …).
_F_FOUND = re.compile(r"(?P<v>筹备成立|筹建|成立|组建|设立)(?P<o>.+?(?:会|中心|小组|机构|站|室|所|院|基地))$")
_F_PROGRAMME_SOFT = re.compile(
    _LEAD + r"(?P<v>(?:加快|持续|全面)?(?:推进|推动|推广|推行|实施|深化|完善|(?<!贯彻)落实)(?:拓展|推广|完善|提升|深化)?)好?"
    r"(?P<o>.+)$"
)
_F_ACTIVITY = re.compile(r"(?P<v>(?:持续|继续)?(?:组织开展|开展|组织|举办|举行|召开|承办))好?(?P<o>.+)$")
_F_SUGGEST = re.compile(r"(?P<v>联合提出|提出)(?P<o>关于.+?的(?:建议|议案))$")
_F_PUBLICISE = re.compile(_LEAD + r"(?P<v>宣传)(?P<o>.+)$")
_F_TOPIC = re.compile(r"^(?:聚焦|围绕|紧扣|针对)(?P<o>.+?)(?:方面)?$")


@dataclass
class _Context:
    """What earlier clauses of the sentence leave for later ones."""

    topic: str = ""  # 聚焦X / 围绕X: the subject of a later bare 视察 / 监督
    last_kind: str = ""  # kind of the previous clause's list (legislation / report), for continuations
    last_action: str = ""
    report_subject: str = ""  # subject of the last report heard, for 并开展询问
    found: list = field(default_factory=list)
    sentence_start: int = 0
    sentence_end: int = 0


def candidates(text: str, sentence: Sentence) -> list[Candidate]:
    ctx = _Context(sentence_start=sentence.start, sentence_end=sentence.end)
    for start, end in _clauses(text, sentence.start, sentence.end):
        found = _clause(text, start, end, ctx)
        if found:
            ctx.found.extend(found)
        elif not ctx.topic:
            topic = _F_TOPIC.match(text[start:end])
            if topic:
                ctx.topic = topic.group("o")
    return ctx.found


def _previous_sentence(text: str, start: int) -> str:
    end = start
    while end > 0 and text[end - 1] in " \n\t\u3000":
        end -= 1
    begin = max(text.rfind("。", 0, end - 1), text.rfind("\n", 0, end - 1)) + 1
    return text[begin:end].strip()


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, depth, position = [], 0, start
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and ch == "并" and _AND_THEN.match(text, i) and i > position:
            out.append((position, i))  # 听取…报告并开展询问: a second deliverable on the same subject
            position = i
        elif ch in _BREAK and depth == 0 and not _DAMAGED.match(text, i):
            if i > position:
                out.append((position, i))
            position = i + 1
    if position < end:
        out.append((position, end))
    return [(s, e) for s, e in (_trim(text, s, e) for s, e in out) if e > s]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


# --- one clause ---------------------------------------------------------------------------------------


def _clause(text: str, start: int, end: int, ctx: _Context) -> list[Candidate]:
    clause = text[start:end]
    for frame in _FRAMES:
        found = [c for c in frame(text, start, clause, ctx) if _named(c.object)]
        if found:
            # Only a list of laws or reports can run on into the next clause.
            ctx.last_kind, ctx.last_action = found[-1].kind, found[-1].action
            return found
    found = _continuation(text, start, end, ctx)
    if not found:
        ctx.last_kind = ctx.last_action = ""
    return found


def _named(obj: str) -> bool:
    """An object that names something: not empty, not a fragment (、规范运行, 的监督法), not vague, not
    itself a kind of work (开展执法检查、视察调研)."""
    return len(obj) >= 2 and not _BAD_START.match(obj) and not _VAGUE.match(obj) and not _KIND_WORD.match(obj)


def _abs(match: re.Match, group: str, offset: int) -> tuple[int, int]:
    return match.start(group) + offset, match.end(group) + offset


def _emit(kind: str, action: str, obj: str, start: int, end: int) -> Candidate:
    return Candidate(kind, action, _QUOTES.sub("", obj), start, end)


def _items(text: str, start: int, end: int, *, same_shape=None) -> list[tuple[int, int]]:
    """List items of text[start:end] whose objects have a shape (laws, reports …): split on 、, then on
    a 和/及 only when both its sides have the shape (A条例和B条例; not 生态环境和资源保护检察工作情况报告)."""
    out = []
    for s, e in split_items(text, start, end, conjunctions=False):
        pair = split_pair(text, s, e)
        if pair and same_shape and all(same_shape(text[a:b]) for a, b in pair):
            out += list(pair)
        else:
            out.append((s, e))
    return out


def _split_etc(text: str, start: int, end: int) -> tuple[int, str]:
    """Where a list ends before its top-level 等 and what follows the 等 (minus a count)."""
    depth, cut = 0, -1
    for i in range(start, end):
        ch = text[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == "等" and depth == 0 and i > start:
            cut = i
    if cut < 0:
        return end, ""
    tail = text[cut + 1 : end]
    tail = re.sub(r"^等", "", tail)
    tail = re.sub(r"^(?:\d+|[一二三四五六七八九十百]+)[项个件]", "", tail)
    return cut, tail


def _shared_tail(items: list[str]) -> str:
    """The tail the last item shares with earlier ones that lack it (see module docstring)."""
    last = items[-1]
    earlier = items[:-1]
    if not earlier:
        return ""
    if all(_PREDICATE.search(i) or i.endswith("情况") for i in earlier):
        return "情况" if last.endswith("情况") and not all(i.endswith("情况") for i in earlier) else ""
    rest, tail = last, ""
    while True:
        match = _TAIL_WORD.search(rest)
        if not match or match.start() == 0:
            break
        tail = match.group() + tail
        rest = rest[: match.start()]
    return tail


# --- frames -------------------------------------------------------------------------------------------


def _leg_after(text, offset, clause, ctx):
    m = _F_LEG_AFTER.search(clause)
    if not m:
        return []
    s, e = _abs(m, "o", offset)
    named = lambda t: bool(_LAW.search(t) or _RULES.search(t) and t.endswith("》"))  # noqa: E731
    listed = _items(text, s, e, same_shape=named)
    spans = [sp for sp in listed if named(text[sp[0] : sp[1]])]
    kind = lambda t: "legislation" if _LAW.search(t) else "rules"  # noqa: E731
    if len(listed) == 1 and spans:
        a, b = spans[0]
        return [_emit(kind(text[a:b]), m.group("v"), text[a:b], m.start() + offset, m.end() + offset)]
    return [_emit(kind(text[a:b]), m.group("v"), text[a:b], a, b) for a, b in spans]


def _leg_in(text, offset, clause, ctx):
    m = _F_LEG_IN.search(clause)
    if not m:
        return []
    s, e = _abs(m, "o", offset)
    spans = [sp for sp in _items(text, s, e, same_shape=_LAW.search) if _LAW.search(text[sp[0] : sp[1]])]
    if not spans:
        return []
    # The verb follows the list in a later clause (在X、Y等立法中，提前介入、全程参与、统筹协调起草工作).
    draft = _F_DRAFT.search(text, offset + m.end(), ctx.sentence_end)
    action = draft.group("v").split("、")[-1] if draft else "参与"
    return [_emit("legislation", action, text[a:b], a, b) for a, b in spans]


def _make(text, offset, clause, ctx):
    """制定 / 修订 / 继续审议 / 审查批准 … laws (legislation), internal documents (rules), decisions."""
    for m in _F_MAKE.finditer(clause):
        verb = m.group("v")
        s, e = _abs(m, "o", offset)
        if text[s] == "的":  # 新修改的监督法: the verb qualifies a noun
            continue
        if verb in ("作出", "出台") or _DECISION.match(text[s:e]):
            if _DECISION.match(text[s:e]):
                return [_emit("decision", verb, text[s:e], m.start() + offset, e)]
            if verb == "作出":
                continue
        list_end, tail = _split_etc(text, s, e)
        if tail and not _FILLER_TAIL.match(tail):
            continue  # 制定…等X with a real shared tail is not this frame's shape
        spans = _items(text, s, list_end, same_shape=lambda t: bool(_LAW.search(t) or _RULES.search(t)))
        rows = []
        for a, b in spans:
            item = text[a:b]
            if _VAGUE.match(item):
                continue
            if "批准" in verb and _BUDGET.search(item):
                kind = "decision"
            elif _LAW.search(item) and verb not in ("建立", "建立健全"):
                kind = "legislation"
            elif _RULES.search(item) and verb not in ("审议", "继续审议", "集中修正") and "批准" not in verb:
                if item.endswith("制度") and verb not in ("建立", "建立健全", "制定"):
                    continue
                kind = "rules"
            else:
                continue
            rows.append((kind, a, b))
        # Every item must have a known shape (审议 also heads reports), but 制定 / 修订 lists may mix in
        # an item of another shape.
        if not rows or len(rows) < len(spans) and verb not in ("修订", "制定"):
            continue
        if len(spans) == 1:
            kind, a, b = rows[0]
            return [_emit(kind, verb, text[a:b], m.start() + offset, b)]
        return [_emit(kind, verb, text[a:b], a, b) for kind, a, b in rows]
    return []


def _report(text, offset, clause, ctx):
    for m in _F_REPORT.finditer(clause):
        verb = m.group("v")
        s, e = _abs(m, "o", offset)
        region = text[s:e]
        if _VAGUE.match(region):
            continue
        list_end, tail = _split_etc(text, s, e)
        if tail:
            if not _REPORT_END.search(tail):
                continue
            tail = re.sub(r"^(?:\d+|[一二三四五六七八九十百]+)项", "", tail)
        elif not (_REPORT_END.search(region) or (verb == "审议" and region.endswith("情况"))):
            continue
        rows = _report_rows(text, s, list_end, tail, verb, m.start() + offset)
        if rows:
            ctx.report_subject = _subject(rows[-1].object)
            return rows
    return []


def _report_rows(text, s, e, tail, verb, verb_start):
    spans = [sp for sp in _items(text, s, e, same_shape=_REPORT_END.search) if sp[1] > sp[0]]
    items = [text[a:b] for a, b in spans]
    if not items:
        return []
    organ_tail = ""
    if not tail:
        found = _REPORT_TAIL.search(items[-1])
        tail = found.group() if found else ""
        if found and items[-1][: found.start()].endswith("工作"):
            organ_tail = "工作" + tail
    head_match = _ORGAN_ABOUT.match(items[0])
    head = head_match.group() if head_match else ""
    objs = []
    for index, item in enumerate(items):
        if _ONLY_REPORT.match(item) and objs:
            item = _REPORT_KIND.sub("", objs[-1]) + item  # 国资管理综合报告、专项报告
        elif not _REPORT_END.search(item) and tail:
            if _OWN_NOUN.search(item):
                item += re.sub(r"^(?:工作)?(?:情况)?", "", tail) if not tail.startswith("的") else tail
            else:
                item = complete(item, tail=organ_tail if organ_tail and _ORGAN.search(item) else tail)
        if head and "关于" not in item:
            item = head + item
        objs.append(item)
    rows = []
    for (a, b), obj in zip(spans, objs):
        if _VAGUE.match(obj):
            continue
        rows.append(_emit("report", verb, obj, a, b))
    if len(rows) == 1 and len(spans) == 1:  # one report: the span holds its verb
        row = rows[0]
        rows = [Candidate(row.kind, row.action, row.object, verb_start, max(row.end, e))]
    return rows


def _subject(report: str) -> str:
    return _REPORT_TAIL.sub("", _ORGAN_ABOUT.sub("", report))


def _inspection(text, offset, clause, ctx):
    m = _F_INSPECT.search(clause) or _F_INSPECT_ON.search(clause) or _F_INSPECT_CHECK.search(clause)
    if not m:
        return []
    s, e = _abs(m, "o", offset)
    s, e = _trim(text, s, e)
    list_end, _ = _split_etc(text, s, e)
    law = lambda t: bool(_LAW.search(t) or _TITLE.match(t))  # noqa: E731
    spans = _items(text, s, list_end, same_shape=law)
    items = [(a, b) for a, b in spans if law(text[a:b])]
    if not items:
        if m.re is not _F_INSPECT_CHECK:  # 开展X执法检查 of something that is no law: still an inspection
            return [_emit("inspection", m.group("v"), text[s:e], m.start() + offset, m.end() + offset)]
        return []
    if len(spans) == 1:
        return [_emit("inspection", m.group("v"), text[s:e], m.start() + offset, m.end() + offset)]
    return [_emit("inspection", m.group("v"), text[a:b], a, b) for a, b in items]


def _survey(text, offset, clause, ctx):
    m = _F_SURVEY_ON.search(clause) or _F_SURVEY.search(clause) or _F_SURVEY_VERB.search(clause)
    if not m:
        return []
    kind = "leg_research" if "k" in m.groupdict() and m.group("k") == "立法调研" else "survey"
    s, e = _abs(m, "o", offset)
    s, e = _trim(text, s, e)
    list_end, tail = _split_etc(text, s, e)
    spans = [sp for sp in _items(text, s, list_end) if sp[1] > sp[0]]
    rows = []
    for a, b in spans:
        item = text[a:b]
        if _VAGUE.match(item) or item.startswith(("、", "和")):
            continue
        obj = re.sub(r"(?:的)?(?:情况|工作情况)$", "", item) if not item.endswith("工作情况") else item[:-2]
        rows.append((obj, a, b))
    if not rows:
        return []
    action = m.group("v")
    if len(spans) == 1:
        obj, a, b = rows[0]
        return [_emit(kind, action, obj, m.start() + offset, m.end() + offset)]
    return [_emit(kind, action, obj, a, b) for obj, a, b in rows]


def _visit(text, offset, clause, ctx):
    m = _F_VISIT_ABOUT.search(clause) or _F_VISIT_LIST.search(clause)
    if m:  # 开展X、Y集中视察 / 围绕X开展视察
        s, e = _abs(m, "o", offset)
        listed = _generic_list(text, s, e)
        if listed:
            objs, spans, _ = listed
            if len(spans) == 1:
                return [_emit("visit", m.group("v"), objs[0], m.start() + offset, m.end() + offset)]
            return [_emit("visit", m.group("v"), o, a, b) for o, (a, b) in zip(objs, spans)]
    m = _F_VISIT.search(clause)
    if not m:
        return []
    obj = m.group("o")
    if obj.startswith(("、", "等", "和")):
        return []
    vs, ve = _abs(m, "v", offset)
    if obj:
        listed = _generic_list(text, *_abs(m, "o", offset))
        if not listed:
            return []
        objs, spans, _ = listed
        if len(spans) == 1:
            return [_emit("visit", m.group("v"), objs[0], vs, offset + m.end())]
        return [_emit("visit", m.group("v"), o, a, b) for o, (a, b) in zip(objs, spans)]
    if not ctx.topic:
        return []
    if m.group("both"):  # 开展视察和监督: one row per kind, both on the sentence's subject
        verb = re.match(r"开展|组织", m.group("v"))
        action = verb.group() if verb else "开展"
        bs, be = _abs(m, "both", offset)
        return [
            _emit("visit", action, ctx.topic, ve - 2, ve),
            _emit("oversight", action, ctx.topic, bs + 1, be),
        ]
    verb = re.match(r"开展|组织", m.group("v"))
    return [_emit("visit", verb.group() if verb else m.group("v"), ctx.topic, vs, ve)]


def _inquiry(text, offset, clause, ctx):
    m = _F_INQUIRY.search(clause)
    if m and not m.group("o").startswith(("、", "等", "和")):
        return [_emit("inquiry", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    m = _F_INQUIRY_ABOUT.search(clause)
    if m:
        return [_emit("inquiry", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    m = _F_INQUIRY_BARE.search(clause)
    if m and (ctx.report_subject or ctx.topic):
        s, e = _abs(m, "v", offset)
        return [_emit("inquiry", "开展", ctx.report_subject or ctx.topic, s, e)]
    m = _F_INQUIRY_TOWARDS.search(clause)
    if m:
        return [_emit("inquiry", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    return []


def _several_kinds(text, offset, clause, ctx):
    """开展住房保障工作专题询问、满意度测评: one row per kind of work, all on the same subject."""
    m = _F_SEVERAL.search(clause)
    if not m:
        return []
    obj = m.group("o")
    rows = []
    for word in re.finditer("|".join(_KIND_OF_WORK), m.group("k")):
        kind = _KIND_OF_WORK[word.group()]
        rows.append(_emit(kind, m.group("v"), obj, word.start() + m.start("k") + offset, word.end() + m.start("k") + offset))
    return rows


def _evaluation(text, offset, clause, ctx):
    m = _F_EVAL_BARE.search(clause)
    if m and ctx.report_subject:
        return [_emit("evaluation", m.group("v"), ctx.report_subject, m.start("v") + offset, m.end() + offset)]
    m = _F_EVAL_ON.search(clause)
    if m:
        return [_emit("evaluation", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    m = _F_EVAL.search(clause)
    if m and not _VAGUE.match(m.group("o")):
        return [_emit("evaluation", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    return []


def _oversight(text, offset, clause, ctx):
    m = _F_OVERSEE_ON.search(clause)
    if m:
        obj = m.group("o")
        if _LAW.search(obj):
            return []  # 对…法开展检查 is an inspection, left to that frame
        return [_emit("oversight", m.group("v"), obj, m.start() + offset, m.end() + offset)]
    m = _F_REVIEW.search(clause)
    if m:
        return _oversight_list(text, offset, m, m.group("v"))
    m = _F_OVERSEE_STRENGTHEN_ON.search(clause)
    if m:
        return _oversight_list(text, offset, m, m.group("v") + "监督")
    m = _F_WHOLE.search(clause)
    if m:  # one chain-wide supervision: of the list as a whole, or of the subject the lead sentence names
        lead = _F_LEAD_OVERSIGHT.match(_previous_sentence(text, ctx.sentence_start))
        obj = lead.group("o") if lead else m.group("o")
        return [_emit("oversight", m.group("v"), obj, m.start("v") + offset, m.end() + offset)]
    m = _F_OVERSEE_STRENGTHEN.search(clause)
    if m:
        # Without 对, only a list or a …情况 names what is supervised (加强X任后监督 names a manner).
        if "、" in m.group("o") or m.group("o").endswith("情况"):
            return _oversight_list(text, offset, m, m.group("v"))
        return []
    m = _F_OVERSEE.search(clause)
    if m:
        verb = m.group("v")
        obj = m.group("o")
        if verb.endswith("关注") and not obj.endswith("情况"):
            return []
        if _VAGUE.match(obj) or obj.startswith(("、", "和", "等")):
            return []
        return _oversight_list(text, offset, m, verb)
    return []


def _oversight_list(text, offset, m, action):
    s, e = _abs(m, "o", offset)
    listed = _generic_list(text, s, e)
    if not listed:
        return []
    objs, spans, _ = listed
    if len(spans) == 1:
        return [_emit("oversight", action, objs[0], m.start("v") + offset, m.end() + offset)]
    return [_emit("oversight", action, o, a, b) for o, (a, b) in zip(objs, spans)]


def _programme(text, offset, clause, ctx):
    m = _F_FOUND.search(clause)
    if m:
        return [_emit("programme", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    m = _F_PROGRAMME.search(clause)
    strong = bool(m)
    if not m:
        m = _F_PROGRAMME_SOFT.search(clause)
    if not m:
        return []
    verb = m.group("v")
    s, e = _abs(m, "o", offset)
    if _BAD_START.match(text[s : s + 1]):
        return []
    list_end, tail = _split_etc(text, s, e)
    platforms = bool(tail) and re.search(r"(?:平台|系统|载体)$", tail)
    spans = _items(text, s, list_end, same_shape=lambda t: bool(_QUOTED_SYSTEM.search(t) or _EVENT.search(t)))
    rows = []
    for a, b in spans:
        item = text[a:b]
        if _VAGUE.match(item):
            return []
        if _EVENT.search(item) and ("“" in item or len(spans) > 1):
            rows.append(("activity", a, b))
        elif platforms or _SYSTEM.search(item) or _QUOTED_SYSTEM.search(item) and (
            strong or not item.startswith("“") or _SYSTEM_VERBS.search(verb)
        ):
            rows.append(("programme", a, b))
        elif item.endswith("改革") and verb.endswith("推进") and not re.match(r"^(?:重点|各项|相关)", item):
            rows.append(("programme", a, b))
        elif strong and len(item) >= 4:
            rows.append(("programme", a, b))
    if not rows or len(rows) < len(spans):
        return []
    if len(spans) == 1:
        kind, a, b = rows[0]
        return [_emit(kind, verb, text[a:b], m.start("v") + offset, b)]
    return [_emit(kind, verb, text[a:b], a, b) for kind, a, b in rows]


def _activity(text, offset, clause, ctx):
    m = _F_SUGGEST.search(clause)
    if m:
        return [_emit("activity", m.group("v"), m.group("o"), m.start() + offset, m.end() + offset)]
    m = _F_PUBLICISE.search(clause)
    if m and _LAW.search(m.group("o")):
        return [_emit("activity", m.group("v"), m.group("o"), m.start("v") + offset, m.end() + offset)]
    m = _F_ACTIVITY.search(clause) or _F_PROGRAMME_SOFT.search(clause)
    if not m:
        return []
    verb = m.group("v")
    s, e = _abs(m, "o", offset)
    if verb.endswith("组织") and _TAKE_PART.search(text, s, e):  # 组织代表参加…: the committee organises, someone else holds it
        return []
    listed = _generic_list(text, s, e)
    if not listed:
        return []
    objs, spans, tail = listed
    loose = verb.endswith("开展")  # 开展 takes any named piece of work, other verbs only events
    if tail:
        if not (_EVENT.search(tail) or any(_EVENT.search(o) for o in objs)):
            return []
    elif loose and len(objs) > 1 and not _EVENT.search(objs[-1]):
        objs = _complete_head(objs)
    elif not _EVENT.search(objs[-1]):
        return []
    kinds = ["oversight" if _OVERSIGHT_ITEM.search(o) else "activity" for o in objs]
    if len(spans) == 1:
        return [_emit(kinds[0], verb, objs[0], m.start("v") + offset, e)]
    return [_emit(k, verb, o, a, b) for k, o, (a, b) in zip(kinds, objs, spans)]


def _generic_list(text, s, e):
    """Objects and spans of a list of named subjects, completed with the shared tail, and the words
    after its 等 ("" when none); None when an item is vague.

    The tail is taken off the last item before its 和 is judged, so that A、B和C评选表扬 splits C off
    B when B and C end in the same head noun (…先进单位和…先进单位)."""
    s, e = _trim(text, s, e)
    list_end, etc = _split_etc(text, s, e)
    spans = split_items(text, s, list_end, conjunctions=False)
    items = [text[a:b] for a, b in spans]
    if not items or any(_VAGUE.match(i) or _KIND_WORD.match(_GENERIC_WHO.sub("", i)) for i in items):
        return None
    filler = not etc or _FILLER_TAIL.match(etc)
    tail = "" if not filler else _shared_tail(items) if len(items) > 1 else _shared_tail(_pair_texts(items[0]))
    pieces = []
    for index, (a, b) in enumerate(spans):
        core = b - len(tail) if tail and index == len(spans) - 1 and text[a:b].endswith(tail) else b
        pair = split_pair(text, a, core)
        if pair and _parallel(text[pair[0][0] : pair[0][1]], text[pair[1][0] : pair[1][1]], index, len(spans)):
            pieces += [pair[0], (pair[1][0], b)]
        else:
            pieces.append((a, b))
    objs = [text[a:b] for a, b in pieces]
    if not filler:
        # …推进情况、…等工作情况: an item with its own 情况 keeps it.
        objs = [o if o.endswith("情况") and etc.endswith("情况") else complete(o, tail=etc) for o in objs]
    elif tail:
        objs = [o if o.endswith(tail) else complete(o, tail=tail) for o in objs]
    return objs, pieces, "" if filler and not etc else etc


def _pair_texts(item: str) -> list[str]:
    """A lone X和Y as two texts, to find the tail they share."""
    found = split_pair(item, 0, len(item))
    return [item[a:b] for a, b in found] if found else [item]


def _parallel(left: str, right: str, index: int, count: int) -> bool:
    """Whether a 和/及 joins two list items rather than two parts of one item: both end in the same
    head noun (…先进单位和…先进单位), or in the last item of a list, the right side is a quoted name or
    both sides end in a short verbal noun (网上公开和专项督查)."""
    left, right = left.strip("“”"), right
    if len(left) >= 2 and len(right) >= 2 and left[-2:] == right.strip("“”")[-2:]:
        return True
    if index == count - 1 and count > 1:
        if right.startswith("“") and right.endswith("”"):
            return True
        if _PREDICATE.search(left) and _PREDICATE.search(right) and len(right) <= 4:
            return True
    return False


def _complete_head(items: list[str]) -> list[str]:
    """开展代表建议重点督办、网上公开和专项督查: later short items take the first item's subject.
    开展重点督办代表建议、办理情况专项检查和“回头看”: the subject stands after the first item's action;
    a bare quoted item (“回头看”) takes the whole subject of the item before it."""
    first = items[0]
    action_first = _ACTION_FIRST.match(first)
    if action_first:
        head = action_first.group("head")
        out = [first]
        for item in items[1:]:
            if item.startswith("“") and item.endswith("”") and out:
                subject = _ACTION_LAST.sub("", out[-1])
                out.append(item if subject == out[-1] else subject + item)
            else:
                out.append(item if head in item else head + item)
        return out
    size = max(len(i) for i in items[1:])
    if len(first) <= size + 1 or size > 4:
        return items
    head = first[: len(first) - size]
    return [first] + [i if i.startswith(head) else head + i for i in items[1:]]


def _continuation(text, start, end, ctx):
    """A clause with no verb listing objects of the previous list's shape: 制定A，B、C / 听取…报告，D报告."""
    if ctx.last_kind not in ("legislation", "report"):
        return []
    shape = _LAW if ctx.last_kind == "legislation" else _REPORT_END
    spans = _items(text, start, end, same_shape=shape.search)
    if not spans or not all(shape.search(text[a:b]) for a, b in spans):
        return []
    clause = text[start:end]
    if re.search(r"听取|审议|制定|修订|开展|推进|加强|完善|落实|推动", clause):
        return []
    return [_emit(ctx.last_kind, ctx.last_action, text[a:b], a, b) for a, b in spans]


_FRAMES = (
    _several_kinds,
    _leg_after,
    _leg_in,
    _inspection,
    _visit,
    _survey,
    _evaluation,
    _inquiry,
    _report,
    _make,
    _oversight,
    _programme,
    _activity,
)
