"""How a frame's object region becomes list items: the readers the standing-committee table names.

A reader gets a Hit (the frame, its match, the clause offset, the sentence context) and returns the items
it finds with whether the region was one item (the engine then spans the row over the action too), or None
when the frame does not apply after all. The list mechanics are shared (split on 、 and on a 和 whose sides
have one shape, the shared tail after 等, completion from a shared head or tail); the readers differ in the
shape an item must have and the kind it makes.
"""

from __future__ import annotations

import re
from typing import Callable

from ..lexicon import documents as doc
from ..lexicon import objects as obj
from ..lexicon.brackets import last_top_level
from .engine import Hit, Item, trim
from .enumerations import complete, split_items, split_pair

_QUOTES = re.compile(r"[《》〈〉]")


def clean(text: str) -> str:
    """An object as stored: without the 《》〈〉 of a title."""
    return _QUOTES.sub("", text)


def named(text: str) -> bool:
    """An object that names something: not empty, not a fragment (、规范运行, 的监督法), not vague, not
    itself a kind of work (开展执法检查、视察调研)."""
    return len(text) >= 2 and not obj.BAD_START.match(text) and not obj.VAGUE.match(text) and not obj.KIND_WORD.match(text)


def items_of(text: str, start: int, end: int, *, same_shape=None) -> list[tuple[int, int]]:
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


def split_etc(text: str, start: int, end: int) -> tuple[int, str]:
    """Where a list ends before its last top-level 等 and what follows the 等 (minus a count)."""
    cut = last_top_level(text, "等", start + 1, end) if end > start + 1 else None
    if cut is None:
        return end, ""
    tail = re.sub(r"^等", "", text[cut.end() : end])
    return cut.start(), obj.COUNT.sub("", tail)


def _result(items: list[Item], single: bool):
    return (items, single) if items else None


# --- laws and documents ---------------------------------------------------------------------------------


def _law_or_titled_rules(t: str) -> bool:
    return bool(doc.LAW.search(t) or doc.RULES.search(t) and t.endswith("》"))


def _document_kind(t: str) -> str:
    return "legislation" if doc.LAW.search(t) else "rules"


def laws_before_verb(hit: Hit):
    """推进X条例制定工作: the laws (or titled rules) named before the verb."""
    text = hit.text
    s, e = hit.span("o")
    listed = items_of(text, s, e, same_shape=_law_or_titled_rules)
    spans = [sp for sp in listed if _law_or_titled_rules(text[sp[0] : sp[1]])]
    items = [Item(_document_kind(text[a:b]), clean(text[a:b]), a, b) for a, b in spans]
    return _result(items, len(listed) == 1 and bool(spans))


_DRAFT = re.compile(r"(?P<v>[^，；、]{0,6}起草)工作")


def laws_in_drafting(hit: Hit):
    """在X、Y等立法中，…统筹协调起草工作: the laws, with the drafting verb of a later clause."""
    text = hit.text
    s, e = hit.span("o")
    spans = [sp for sp in items_of(text, s, e, same_shape=doc.LAW.search) if doc.LAW.search(text[sp[0] : sp[1]])]
    if not spans:
        return None
    draft = _DRAFT.search(text, hit.span()[1], hit.ctx.sentence.end)
    action = draft.group("v").split("、")[-1] if draft else "参与"
    return _result([Item("legislation", clean(text[a:b]), a, b, action) for a, b in spans], False)


# Verbs that set up rather than legislate; verbs that hear rather than make.
_SETTING_UP = ("建立", "建立健全")
_HEARING = ("审议", "继续审议", "集中修正")
# Verbs whose lists may mix in an item of another shape.
_MIXED = ("修订", "制定")


def made_documents(hit: Hit):
    """制定 / 修订 / 继续审议 / 审查批准 … laws (legislation), internal documents (rules), budgets and
    decisions (decision)."""
    text, verb = hit.text, hit.group("v")
    s, e = hit.span("o")
    region = text[s:e]
    if text[s] == "的":  # 新修改的监督法: the verb qualifies a noun
        return None
    if doc.DECISION.match(region):
        return [Item("decision", clean(region), s, e)], True
    if verb == "作出":
        return None
    list_end, tail = split_etc(text, s, e)
    if tail and not obj.FILLER_TAIL.match(tail):
        return None  # 制定…等X with a real shared tail is not this frame's shape
    spans = items_of(text, s, list_end, same_shape=lambda t: bool(doc.LAW.search(t) or doc.RULES.search(t)))
    last = text[spans[-1][0] : spans[-1][1]]
    shared = ""
    if len(spans) > 1 and verb in _MIXED and _made_kind(verb, last) and not any(_made_kind(verb, text[a:b]) for a, b in spans[:-1]):
        # Only the last item names a document. Laws share their noun (制定物业管理、养犬管理条例: two regulations);
        # an internal document's title holds the list (修订代表建议、批评和意见工作办法: one).
        if (law := doc.LAW.search(last)) and _made_kind(verb, last) == "legislation":
            shared = law.group()
        else:
            spans = [(spans[0][0], spans[-1][1])]
    items = []
    for a, b in spans:
        kind = _made_kind(verb, text[a:b] + shared) if shared and not doc.LAW.search(text[a:b]) else _made_kind(verb, text[a:b])
        if kind:
            name = clean(text[a:b])
            items.append(Item(kind, name if doc.LAW.search(name) else name + shared, a, b))
    # Every item must have a known shape (审议 also heads reports), except in a 制定 / 修订 list.
    if not items or len(items) < len(spans) and verb not in _MIXED:
        return None
    return _result(items, len(spans) == 1)


def _made_kind(verb: str, item: str) -> str:
    if obj.VAGUE.match(item):
        return ""
    if "批准" in verb and doc.BUDGET.search(item):
        return "decision"
    if doc.LAW.search(item) and verb not in _SETTING_UP:
        return "legislation"
    if doc.RULES.search(item) and verb not in _HEARING and "批准" not in verb:
        if item.endswith("制度") and verb not in (*_SETTING_UP, "制定"):
            return ""
        return "rules"
    return ""


# --- reports heard ----------------------------------------------------------------------------------------


def reports(hit: Hit):
    """听取审议计划执行、预算执行、审计等报告: one report each, completed from the shared tail and head."""
    text, verb = hit.text, hit.group("v")
    s, e = hit.span("o")
    region = text[s:e]
    if obj.VAGUE.match(region):
        return None
    list_end, tail = split_etc(text, s, e)
    if tail:
        if not doc.REPORT_END.search(tail):
            return None
        tail = re.sub(r"^(?:\d+|[一二三四五六七八九十百]+)项", "", tail)
    elif not (doc.REPORT_END.search(region) or (verb == "审议" and region.endswith("情况"))):
        return None
    spans = [sp for sp in items_of(text, s, list_end, same_shape=doc.REPORT_END.search) if sp[1] > sp[0]]
    if not spans:
        return None
    objects = _report_objects([text[a:b] for a, b in spans], tail)
    single = len(spans) == 1  # one report: its row runs from the verb to the end of the list
    items = [
        Item("report", clean(o), a, list_end if single else b)
        for (a, b), o in zip(spans, objects)
        if not obj.VAGUE.match(o)
    ]
    if items:
        hit.ctx.report_subject = subject_of(items[-1].object)
    return _result(items, single)


def _report_objects(items: list[str], tail: str) -> list[str]:
    organ_tail = ""
    if not tail:
        found = doc.REPORT_TAIL.search(items[-1])
        tail = found.group() if found else ""
        if found and items[-1][: found.start()].endswith("工作"):
            organ_tail = "工作" + tail
    head_match = doc.ORGAN_ABOUT.match(items[0])
    head = head_match.group() if head_match else ""
    objects: list[str] = []
    for item in items:
        if doc.ONLY_REPORT.match(item) and objects:
            item = doc.REPORT_KIND.sub("", objects[-1]) + item  # 国资管理综合报告、专项报告
        elif not doc.REPORT_END.search(item) and tail:
            if doc.OWN_NOUN.search(item):
                item += re.sub(r"^(?:工作)?(?:情况)?", "", tail) if not tail.startswith("的") else tail
            else:
                item = complete(item, tail=organ_tail if organ_tail and doc.ORGAN.search(item) else tail)
        if head and "关于" not in item:
            item = head + item
        objects.append(item)
    return objects


def subject_of(report: str) -> str:
    return doc.REPORT_TAIL.sub("", doc.ORGAN_ABOUT.sub("", report))


# --- inspections, surveys ---------------------------------------------------------------------------------


def _law_or_title(t: str) -> bool:
    return bool(doc.LAW.search(t) or doc.TITLE.match(t))


def inspected_laws(*, laws_only: bool) -> Callable:
    """开展X、Y执法检查: one inspection per law; of something that is no law, one inspection of the whole
    region (unless ``laws_only``: 检查…实施情况 names a law or nothing)."""

    def read(hit: Hit):
        text = hit.text
        s, e = trim(text, *hit.span("o"))
        list_end, _ = split_etc(text, s, e)
        spans = items_of(text, s, list_end, same_shape=_law_or_title)
        laws = [(a, b) for a, b in spans if _law_or_title(text[a:b])]
        if not laws:
            return None if laws_only else _result([Item("inspection", clean(text[s:e]), s, e)], True)
        if len(spans) == 1:
            return _result([Item("inspection", clean(text[s:e]), s, e)], True)
        return _result([Item("inspection", clean(text[a:b]), a, b) for a, b in laws], False)

    return read


def surveyed(hit: Hit):
    """开展X、Y专题调研 (立法调研: leg_research): one survey per subject, without its 情况."""
    kind = "leg_research" if hit.has("k") and hit.group("k") == "立法调研" else "survey"
    text = hit.text
    s, e = trim(text, *hit.span("o"))
    list_end, _ = split_etc(text, s, e)
    spans = [sp for sp in items_of(text, s, list_end) if sp[1] > sp[0]]
    items = []
    for a, b in spans:
        item = text[a:b]
        if obj.VAGUE.match(item) or item.startswith(("、", "和")):
            continue
        subject = re.sub(r"(?:的)?(?:情况|工作情况)$", "", item) if not item.endswith("工作情况") else item[:-2]
        items.append(Item(kind, clean(subject), a, b))
    return _result(items, len(spans) == 1) if items else None


# --- named subjects (visits, oversight, activities) ----------------------------------------------------


def whole_object(hit: Hit):
    """The object group as one item (专题询问X, 对X开展测评)."""
    s, e = hit.span("o")
    return _result([Item(hit.frame.kind, clean(hit.group("o")), s, e)], True)


def whole_object_unless(pattern: re.Pattern) -> Callable:
    """The object group as one item, unless it matches ``pattern`` (对…法开展检查 is an inspection)."""

    def read(hit: Hit):
        return None if pattern.search(hit.group("o")) else whole_object(hit)

    return read


def named_object(hit: Hit):
    """The object group as one item when it is not vague (开展X评议)."""
    return None if obj.VAGUE.match(hit.group("o")) else whole_object(hit)


def context_subject(*sources: str, action: str = "") -> Callable:
    """A bare act (并开展询问, 并开展满意度测评) on the subject an earlier clause named: the first of
    ``sources`` the context holds (report_subject: the last report heard; topic: 聚焦X，…)."""

    def read(hit: Hit):
        subject = next((getattr(hit.ctx, source) for source in sources if getattr(hit.ctx, source)), "")
        if not subject:
            return None
        s, e = hit.span()
        return [Item(hit.frame.kind, clean(subject), s, e, action)], True

    return read


def subject_list(hit: Hit):
    """A list of named subjects (开展X、Y集中视察, 监督A、B): one row each, completed with the shared tail."""
    listed = generic_list(hit.text, *hit.span("o"))
    if not listed:
        return None
    objects, spans, _ = listed
    return _result([Item(hit.frame.kind, clean(o), a, b) for o, (a, b) in zip(objects, spans)], len(spans) == 1)


def subject_list_or_topic(hit: Hit):
    """视察X、Y; a bare 视察 on the sentence's topic; 开展视察和监督: one visit and one oversight of it."""
    o = hit.group("o")
    if o.startswith(("、", "等", "和")):
        return None
    if o:
        return subject_list(hit)
    ctx = hit.ctx
    if not ctx.topic:
        return None
    vs, ve = hit.span("v")
    verb = re.match(r"开展|组织", hit.group("v"))
    if hit.group("both"):  # one row per kind, both on the sentence's subject
        bs, be = hit.span("both")
        action = verb.group() if verb else "开展"
        return [Item("visit", clean(ctx.topic), ve - 2, ve, action), Item("oversight", clean(ctx.topic), bs + 1, be, action)], False
    return [Item("visit", clean(ctx.topic), vs, ve, verb.group() if verb else "")], False


def several_kinds(hit: Hit):
    """开展住房保障工作专题询问、满意度测评: one row per kind of work, all on the same subject."""
    ks = hit.span("k")[0]
    words = re.finditer("|".join(obj.KINDS_OF_WORK), hit.group("k"))
    items = [Item(obj.KINDS_OF_WORK[w.group()], clean(hit.group("o")), ks + w.start(), ks + w.end()) for w in words]
    return _result(items, False)


def strengthened(hit: Hit):
    """加强X的监督: only a list or a …情况 names what is supervised (加强X任后监督 names a manner)."""
    o = hit.group("o")
    return subject_list(hit) if "、" in o or o.endswith("情况") else None


def followed(hit: Hit):
    """监督 / 跟踪 / 关注 a named subject (关注 only a …情况)."""
    o = hit.group("o")
    if hit.group("v").endswith("关注") and not o.endswith("情况"):
        return None
    if obj.VAGUE.match(o) or o.startswith(("、", "和", "等")):
        return None
    return subject_list(hit)


_LEAD_OVERSIGHT = re.compile(r"^(?:加强|强化|做好)(?P<o>[^，；、]{2,12}?)监督[。！]?$")


def whole_chain(hit: Hit):
    """One chain-wide supervision (全过程监督): of the list as a whole, or of the subject the paragraph's
    lead sentence names (加强民生实事监督。)."""
    lead = _LEAD_OVERSIGHT.match(_previous_sentence(hit.text, hit.ctx.sentence.start))
    subject = lead.group("o") if lead else hit.group("o")
    s, e = hit.span("o")
    return _result([Item("oversight", clean(subject), s, e)], True)


def _previous_sentence(text: str, start: int) -> str:
    end = start
    while end > 0 and text[end - 1] in " \n\t\u3000":
        end -= 1
    begin = max(text.rfind("。", 0, end - 1), text.rfind("\n", 0, end - 1)) + 1
    return text[begin:end].strip()


# --- programmes and activities ----------------------------------------------------------------------------


def programmes(*, strong: bool) -> Callable:
    """全面推行 / 推进 … named systems, pilots, platforms and reforms (programme), events (activity).
    ``strong`` verbs (全面实施, 迭代升级) make any named item a programme."""

    def read(hit: Hit):
        text, verb = hit.text, hit.group("v")
        s, e = hit.span("o")
        if obj.BAD_START.match(text[s : s + 1]):
            return None
        list_end, tail = split_etc(text, s, e)
        platforms = bool(tail) and obj.PLATFORM_TAIL.search(tail)
        same = lambda t: bool(obj.QUOTED_SYSTEM.search(t) or obj.EVENT.search(t))  # noqa: E731
        spans = items_of(text, s, list_end, same_shape=same)
        items = []
        for a, b in spans:
            item = text[a:b]
            if obj.VAGUE.match(item):
                return None
            kind = _programme_kind(item, verb, strong=strong, several=len(spans) > 1, platforms=bool(platforms))
            if kind:
                items.append(Item(kind, clean(item), a, b))
        if not items or len(items) < len(spans):
            return None
        return _result(items, len(spans) == 1)

    return read


def _programme_kind(item: str, verb: str, *, strong: bool, several: bool, platforms: bool) -> str:
    if obj.EVENT.search(item) and ("“" in item or several):
        return "activity"
    if platforms or obj.SYSTEM.search(item):
        return "programme"
    if obj.QUOTED_SYSTEM.search(item) and (strong or not item.startswith("“") or obj.SYSTEM_VERBS.search(verb)):
        return "programme"
    if item.endswith("改革") and verb.endswith("推进") and not re.match(r"^(?:重点|各项|相关)", item):
        return "programme"
    if strong and len(item) >= 4:
        return "programme"
    return ""


def law_publicity(hit: Hit):
    """宣传 a law."""
    return whole_object(hit) if doc.LAW.search(hit.group("o")) else None


def activities(hit: Hit):
    """开展 / 组织 / 举办 … named events (activity) and pieces of oversight work (督办, 检查: oversight)."""
    text, verb = hit.text, hit.group("v")
    s, e = hit.span("o")
    if verb.endswith("组织") and obj.TAKE_PART.search(text, s, e):
        return None  # 组织代表参加…: the committee organises, someone else holds it
    listed = generic_list(text, s, e)
    if not listed:
        return None
    objects, spans, tail = listed
    loose = verb.endswith("开展")  # 开展 takes any named piece of work, other verbs only events
    if tail:
        if not (obj.EVENT.search(tail) or any(obj.EVENT.search(o) for o in objects)):
            return None
    elif loose and len(objects) > 1 and not obj.EVENT.search(objects[-1]):
        objects = _complete_head(objects)
    elif not obj.EVENT.search(objects[-1]):
        return None
    kinds = ["oversight" if obj.OVERSIGHT_ITEM.search(o) else "activity" for o in objects]
    return _result([Item(k, clean(o), a, b) for k, o, (a, b) in zip(kinds, objects, spans)], len(spans) == 1)


# --- list mechanics -----------------------------------------------------------------------------------------


def generic_list(text: str, s: int, e: int):
    """Objects and spans of a list of named subjects, completed with the shared tail, and the words after
    its 等 ("" when none); None when an item is vague.

    The tail is taken off the last item before its 和 is judged, so that A、B和C评选表扬 splits C off B
    when B and C end in the same head noun (…先进单位和…先进单位)."""
    s, e = trim(text, s, e)
    list_end, etc = split_etc(text, s, e)
    spans = split_items(text, s, list_end, conjunctions=False)
    items = [text[a:b] for a, b in spans]
    if not items or any(obj.VAGUE.match(i) or obj.KIND_WORD.match(obj.GENERIC_WHO.sub("", i)) for i in items):
        return None
    filler = not etc or obj.FILLER_TAIL.match(etc)
    tail = "" if not filler else _shared_tail(items) if len(items) > 1 else _shared_tail(_pair_texts(items[0]))
    pieces = []
    for index, (a, b) in enumerate(spans):
        core = b - len(tail) if tail and index == len(spans) - 1 and text[a:b].endswith(tail) else b
        pair = split_pair(text, a, core)
        if pair and _parallel(text[pair[0][0] : pair[0][1]], text[pair[1][0] : pair[1][1]], index, len(spans)):
            pieces += [pair[0], (pair[1][0], b)]
        else:
            pieces.append((a, b))
    objects = [text[a:b] for a, b in pieces]
    if not filler:
        # …推进情况、…等工作情况: an item with its own 情况 keeps it.
        objects = [o if o.endswith("情况") and etc.endswith("情况") else complete(o, tail=etc) for o in objects]
    elif tail:
        objects = [o if o.endswith(tail) else complete(o, tail=tail) for o in objects]
    return objects, pieces, "" if filler and not etc else etc


def _shared_tail(items: list[str]) -> str:
    """The tail the last item shares with earlier ones that lack it (交通重大项目建设 -> 重大项目建设)."""
    last, earlier = items[-1], items[:-1]
    if not earlier:
        return ""
    if all(obj.PREDICATE.search(i) or i.endswith("情况") for i in earlier):
        return "情况" if last.endswith("情况") and not all(i.endswith("情况") for i in earlier) else ""
    rest, tail = last, ""
    while True:
        match = obj.TAIL_WORD.search(rest)
        if not match or match.start() == 0:
            break
        tail = match.group() + tail
        rest = rest[: match.start()]
    return tail


def _pair_texts(item: str) -> list[str]:
    """A lone X和Y as two texts, to find the tail they share."""
    found = split_pair(item, 0, len(item))
    return [item[a:b] for a, b in found] if found else [item]


def _parallel(left: str, right: str, index: int, count: int) -> bool:
    """Whether a 和/及 joins two list items rather than two parts of one item: both end in the same head
    noun (…先进单位和…先进单位), or in the last item of a list, the right side is a quoted name or both
    sides end in a short verbal noun (网上公开和专项督查)."""
    left = left.strip("“”")
    if len(left) >= 2 and len(right) >= 2 and left[-2:] == right.strip("“”")[-2:]:
        return True
    if index == count - 1 and count > 1:
        if right.startswith("“") and right.endswith("”"):
            return True
        if obj.PREDICATE.search(left) and obj.PREDICATE.search(right) and len(right) <= 4:
            return True
    return False


def _complete_head(items: list[str]) -> list[str]:
    """开展代表建议重点督办、网上公开和专项督查: later short items take the first item's subject.
    开展重点督办代表建议、办理情况专项检查和“回头看”: the subject stands after the first item's action;
    a bare quoted item (“回头看”) takes the whole subject of the item before it."""
    first = items[0]
    action_first = obj.ACTION_FIRST.match(first)
    if action_first:
        head = action_first.group("head")
        out = [first]
        for item in items[1:]:
            if item.startswith("“") and item.endswith("”") and out:
                subject = obj.ACTION_LAST.sub("", out[-1])
                out.append(item if subject == out[-1] else subject + item)
            else:
                out.append(item if head in item else head + item)
        return out
    size = max(len(i) for i in items[1:])
    if len(first) <= size + 1 or size > 4:
        return items
    head = first[: len(first) - size]
    return [first] + [i if i.startswith(head) else head + i for i in items[1:]]
