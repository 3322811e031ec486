"""Shared-verb enumerations: 制定A、B，修订C / 听取审议计划执行、预算执行、审计等报告.

Splits a list of objects into its items (on 、 and on a 和/及/以及 joining parallel items, never inside
quotes, 《》 or brackets) and completes each item from the parts the list shares (计划执行 + 报告 ->
计划执行报告).

Which 和 joins list items is a judgement a pattern can only approximate. The rule used here is the one
the annotations state: in X、Y和Z the 和 (及, 以及) of the last item joins items; a 和 in an earlier item
(成渝地区双城经济圈和西部陆海新通道建设、巴渝和美乡村建设) belongs to that item under a shared head noun,
but a 以及 after a 、 joins groups of the list (铁路、电力以及汽车、飞机);
a lone X和Y with no 、 stays one item unless the caller asks for pairs (pairs=True), because
燃煤电厂超低排放和节能改造 is one object while 计划执行和预算执行 is two.
"""

from __future__ import annotations

import re

from ..lexicon.brackets import ANY_MARK, top_level

# Where items part: a 、, or between two names side by side (《A》《B》, “A”“B”: a zero-width cut).
_SEPARATOR = r"、|(?<=》)(?=《)|(?<=”)(?=“)|(?<=〉)(?=〈)"
# 和 / 及 / 以及 as a conjunction, not inside a word (和谐, 和平, 和美, 共和国, 融和 but not 金融和, 及时, 普及, 涉及 …).
_JOIN = re.compile(
    r"以及|(?<![共温调缓饱总柔平祥谦随附应])(?<![^金]融)和(?![谐平美睦顺煦衷气])"
    r"|(?<![普涉危波企顾触不来推论遍以])及(?![时早格其至物第])"
)
# A list item's own 等 / 等等 (政府债务管理等), dropped from its span and its completed object.
# The 等 closing a list (A、B等重大工程), not one inside a word (高等院校, 中等职业, 平等, 等级, 等额).
_IN_WORD_BEFORE_ETC = "高中初平同对均相优特次上下"
ETC = re.compile(rf"(?<![{_IN_WORD_BEFORE_ETC}])等(?![等级额同价待于])")
_TRAILING_ETC = re.compile(rf"(?:等等|{ETC.pattern})$")
_EDGE = " \t\u3000，,；;：:"


def split_items(
    text: str, start: int, end: int, *, pairs: bool = False, conjunctions: bool = True
) -> list[tuple[int, int]]:
    """Spans of the items of the enumeration text[start:end], in order; one span if it is no list.

    Splits on a top-level 、, between two names side by side (《A》《B》) and on a conjunction in the last item (X、Y和Z); with ``pairs`` also on a
    lone conjunction (X和Y); with ``conjunctions=False`` on 、 only (callers that judge each 和 themselves,
    see split_pair). Spans are trimmed of edge punctuation and of an item's trailing 等.
    """
    if not pairs and text.find("、", start, end) < 0 and not ANY_MARK.search(text, start, end):
        # No 、, no names side by side and no pairs asked for: no cut, one item (the common case).
        span = _trim(text, start, end)
        return [span] if span else [(start, end)]
    cuts = [m.span() for m in top_level(text, _SEPARATOR, start, end) if m.end() > start]
    if cuts and conjunctions:
        # 以及 after a 、 joins groups of a list (铁路、电力以及汽车、飞机); in the first item it joins two things under
        # the item's own head (食品以及药品安全监管、…).
        cuts = sorted(cuts + [m.span() for m in top_level(text, "以及", cuts[0][1], cuts[-1][0])])
    last_start = cuts[-1][1] if cuts else start
    if conjunctions and (cuts or pairs):
        join = _top_level_join(text, last_start, end)
        if join:
            cuts.append(join)
    spans = []
    position = start
    for cut_start, cut_end in cuts + [(end, end)]:
        span = _trim(text, position, cut_start)
        if span:
            spans.append(span)
        position = cut_end
    return spans or [(start, end)]


def complete(item: str, *, head: str = "", tail: str = "") -> str:
    """An item completed with the shared head and tail, without doubling what the item already has.

    The overlap is found on both sides: 西部陆海新通道运营情况 + 情况报告 -> …运营情况报告;
    关于X + 区政府关于 -> 区政府关于X. A trailing 等 of the item goes (政府债务管理等 + 报告).
    """
    item = _TRAILING_ETC.sub("", item.strip(_EDGE))
    if tail and not item.endswith(tail):
        item += tail[_overlap(item, tail) :]
    if head and not item.startswith(head):
        item = head[: len(head) - _overlap(head, item)] + item
    return item


def split_pair(text: str, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The two sides of the first top-level 和/及/以及 of text[start:end], or None."""
    join = _top_level_join(text, start, end)
    if not join:
        return None
    left, right = _trim(text, start, join[0]), _trim(text, join[1], end)
    return (left, right) if left and right else None


def _overlap(left: str, right: str) -> int:
    """Length of the longest suffix of ``left`` that is a prefix of ``right``."""
    for size in range(min(len(left), len(right)), 0, -1):
        if left.endswith(right[:size]):
            return size
    return 0


def _top_level_join(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first conjunction of text[start:end] outside quotes and brackets, not at either edge."""
    if text.find("和", start, end) < 0 and text.find("及", start, end) < 0:
        return None  # every conjunction holds 和 or 及 (most spans have neither): no scan
    for match in top_level(text, _JOIN.pattern, start, end):
        if match.start() > start and match.end() < end:
            return match.span()
    return None


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    match = _TRAILING_ETC.search(text, start, end) if text.find("等", start, end) >= 0 else None
    if match and match.start() > start:
        end = match.start()
    return (start, end) if end > start else None
