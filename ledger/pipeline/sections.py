"""Review, shortcomings, tasks and other sections of a normalised report, with their numbered parts.

Works on the canonical text from ``normalise``: one paragraph per line, headings on their own lines.
Sections are found from a few anchors (review heading, tasks heading, the shortcomings paragraph,
the closing exhortation); everything between two anchors belongs to the earlier one.

Two layouts occur:
- NPC reports: unnumbered section headings (过去一年主要工作 / 今后一年工作任务) with 一、 parts inside;
- government reports: numbered section headings (一、2014年工作回顾 / 三、2016年重点工作) with （一） parts
  inside; there a top-level 一、 heading between review and tasks that sets out the year's plan
  (2017年工作总体部署, 2018年经济社会发展总体要求和政策取向) is tasks too: it holds the year's 主要预期目标.
  Any other such heading starts an "other" section (“十三五”时期主要目标任务: a five-year plan).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .errors import Notice, gettext_noop
from .types import Part, SectionSpan

# The notice of a term-end review read whole: the statuses of the year before rest on passages of the whole term.
TERM_REVIEW_WHOLE = "term_review_whole"

_NUM = "[一二三四五六七八九十]{1,3}"
# Time phrases that open a review heading (looking back) or a tasks heading (looking ahead).
_PAST = (
    r"(?:过去(?:的)?[一两三四五六七八九十几]年(?:和(?:过去)?[一两三四五六七八九十]年)?|[一二三四五六七八九十]年来"
    r"|本届[^\n，。]{0,8}?以来)"
)
_PAST_YEAR = r"(?:(?:19|20)\d{2}年度?|上一?年度?)"
_NEXT = r"(?:(?:19|20)\d{2}年度?|今年|今后一年|新的一年|明年|下一?年度?)"

_REVIEW_TITLE = (
    r"(?:" + _PAST + "|" + _PAST_YEAR + r"(?:和" + _PAST + r")?)(?:的)?(?:主要)?(?:工作)?(?:回顾|总结)"
    r"|" + _PAST + r"(?:的)?(?:主要)?工作(?:情况)?"
    r"|(?:主要)?工作回顾"
)
# A short filler allows 对2018年政府工作的建议 / 2019年政府工作任务; commas and stops are excluded so
# a sentence can never pass for a heading.
_TASKS_TITLE = (
    r"(?:对|关于)?" + _NEXT + r"(?:的)?[^\n，。；：:,;]{0,10}?"
    r"(?:工作任务|主要任务|重点任务|目标任务|工作安排|工作建议|工作的建议|工作要点|重点工作(?:任务)?|工作重点|任务)"
    r"|今后一年(?:的)?(?:主要)?工作"
)


def _heading_line(title: str) -> re.Pattern:
    # A whole line: optional 一、 number, the title, an optional trailing colon.
    return re.compile(
        r"^(?P<line>(?:" + _NUM + r"、)?[ \t]*(?:" + title + r"))[ \t]*[：:]?[ \t]*$", re.M
    )


_REVIEW_HEADING = _heading_line(_REVIEW_TITLE)
_TASKS_HEADING = _heading_line(_TASKS_TITLE)
_NUMBERED_HEADING = re.compile(_NUM + "、")
# Overall requirements / targets of the coming year (government reports), not of a five-year plan.
_PLAN = re.compile(r"总体部署|总体要求|政策取向|总体思路")
_PLAN_YEAR = re.compile(r"(?:19|20)\d{2}年|今年")

# Numbered parts, only at the start of a line. 一、二季度 / 一、二、三产业 are not headings.
_PART_L1 = re.compile(r"^(?P<num>" + _NUM + r")、(?!" + _NUM + r"[、季月])(?P<rest>[^\n]*)", re.M)
_PART_PAREN = re.compile(r"^(?P<num>[（(]" + _NUM + r"[）)])(?P<rest>[^\n]*)", re.M)
_PART_SHI = re.compile(r"^(?P<num>" + _NUM + r"是)(?P<rest>[^\n]*)", re.M)
_PART_DIGIT = re.compile(
    r"^(?:(?P<num>\d{1,2})[.．、](?!\d)|[（(](?P<pnum>\d{1,2})[）)])(?P<rest>[^\n]*)", re.M
)
_HEAD_STOP = re.compile(r"[。！？；]")
_CLAUSE_STOP = re.compile(r"[，。；：！？,]")

# A term-end report looks back on the whole term (过去五年, 本届政府以来) as well as the past year.
_TERM = re.compile(r"[二三四五六七八九十两]年|本届|届以来")
# How a paragraph of a term-end review opens: telling the past year, or the whole term.
_YEAR_LEAD = re.compile(
    r"^(?:(?:过去|刚刚过去)的?一年|一年来|(?:刚刚过去的)?(?:19|20)\d{2}年(?!以来|至|到|－|-)|今年以来)", re.M
)
_TERM_LEAD = re.compile(
    r"^(?:(?:过去|这)[二三四五两]年|[二三四五]年来|本届[^\n，。]{0,8}以来|[^\n，。]{0,30}以来的[二三四五]年)", re.M
)

# The problems paragraph closing the review: its key phrase comes early in the paragraph.
_SHORTCOMINGS = re.compile(
    r"^[^\n]{0,40}?(?:清醒(?:地)?(?:看到|认识到)|看到成绩的同时|肯定[^\n，。]{0,6}成绩的同时"
    r"|更要看到|(?:问题|差距)和不足|不足之处)",
    re.M,
)
# A line that only addresses the audience.
_ADDRESS = re.compile(
    r"^(?:各位代表|各位委员|同志们)(?:[、，,](?:同志们|各位委员|各位代表))?[！!：:，,。]?[ \t]*$", re.M
)
# The final exhortation: 让我们…团结 / 我们要更加紧密地团结在… early in the paragraph.
_CLOSING = re.compile(r"^[^\n]{0,80}?(?:让我们|紧密(?:地)?团结)[^\n]*", re.M)
_CLOSING_MAX_TAIL = 3000  # the closing is near the end; only a footer may follow it
_NUMBERED_START = re.compile(r"^(?:" + _NUM + r"[、是]|[（(]" + _NUM + r"[）)]|\d{1,2}[.．、](?!\d))", re.M)

# Lines that open a report before its body: greeting, "受…委托，向大会报告工作", title, byline.
_OPENING = re.compile(r"向大会报告|请予审议|受[^\n]{0,40}委托")
_SENTENCE_END = re.compile(r"[。！？!?]")
_CONTINUATION = re.compile(r"^[（(]上接[^）)\n]{0,8}[）)]")
_LINE = re.compile(r"[^\n]+")
_REPORT_SIGNAL = re.compile(r"工作报告|各位代表|向大会报告")
_PREAMBLE_MAX_LINES = 8
_TITLE_MAX = 40
_TITLE_WORDS = re.compile(r"^——|工作报告|会议上")


def read_sections(text: str) -> tuple[list[SectionSpan], list[Notice]]:
    """Split a normalised report into contiguous sections and find each section's numbered parts.

    Each section ends at the end of its last paragraph (the newline before the next section is
    outside both). Text with neither a review nor a tasks heading (and no problems paragraph in a
    report-like text) yields only "other".
    """
    notices: list[Notice] = []
    review = _REVIEW_HEADING.search(text)
    tasks = _TASKS_HEADING.search(text, review.end() if review else 0)
    numbered = any(m is not None and _NUMBERED_HEADING.match(m.group("line")) for m in (review, tasks))

    # anchors: (start, kind, heading)
    anchors: list[tuple[int, str, str]] = []
    if review:
        anchors.append((review.start(), "review", review.group("line").strip()))
    tasks_start = tasks.start() if tasks else None
    if numbered:
        # Government layout: a sibling top-level heading between review and tasks that plans the year
        # (总体部署, 总体要求和政策取向) is tasks; others are "other".
        lo = review.end() if review else 0
        hi = tasks_start if tasks_start is not None else len(text)
        for m in _PART_L1.finditer(text, lo, hi):
            line = m.group(0).strip()
            if len(line) > 60:
                continue
            if _PLAN.search(line) and (tasks_start is None or _PLAN_YEAR.search(line)):
                if tasks_start is None:
                    tasks_start = m.start()
                anchors.append((m.start(), "tasks", line))
                if tasks is None:
                    break
                continue
            anchors.append((m.start(), "other", line))
    if tasks:
        anchors.append((tasks.start(), "tasks", tasks.group("line").strip()))

    body_start = _body_start(text)
    first_anchor = min((a[0] for a in anchors), default=len(text))

    # Review without a heading: the text starts mid-report (or the review opens with 一年来…).
    review_start = review.start() if review else None
    if review is None and body_start < first_anchor:
        region_end = first_anchor
        has_problems = _last_match(_SHORTCOMINGS, text, body_start, region_end) is not None
        report_like = _REPORT_SIGNAL.search(text, 0, body_start) is not None
        if tasks_start is not None or (has_problems and report_like):
            review_start = body_start
            anchors.append((body_start, "review", ""))
            notices.append(
                Notice(
                    "review_heading_missing",
                    gettext_noop(
                        "The review section has no heading (the text may start mid-report); it was "
                        "taken to begin with the first paragraph after the title, at offset %(start)d."
                    ),
                    {"start": body_start},
                )
            )

    anchors.sort()
    if review_start is not None:
        # The problems paragraph: the last match between the review start and the next anchor.
        nxt = min((a[0] for a in anchors if a[0] > review_start), default=len(text))
        sc = _last_match(_SHORTCOMINGS, text, review_start, nxt)
        if sc is not None and sc.start() > review_start:
            anchors.append((sc.start(), "shortcomings", ""))
            # An address line after it opens something else (gwr 2016: the 十二五 retrospective).
            addr = _ADDRESS.search(text, sc.end(), nxt)
            if addr:
                anchors.append((addr.start(), "other", ""))

    if review_start is not None and review is not None and _TERM.search(review.group("line")):
        nxt = min((a[0] for a in anchors if a[0] > review_start), default=len(text))
        term_anchors, term_notices = _term_end(text, review.start(), review.end(), nxt, review.group("line"))
        if term_anchors:
            anchors = [a for a in anchors if a[0] != review.start()] + term_anchors
        notices += term_notices

    if anchors:
        closing = _closing_start(text, max(a[0] for a in anchors))
        if closing is not None:
            anchors.append((closing, "other", ""))

    if not anchors:
        sections = [_span(text, "other", "", 0, len(text))] if text.strip() else []
    else:
        anchors.sort()
        if anchors[0][0] > 0:
            anchors.insert(0, (0, "other", ""))
        sections = []
        for i, (start, kind, heading) in enumerate(anchors):
            end = anchors[i + 1][0] if i + 1 < len(anchors) else len(text)
            span = _span(text, kind, heading, start, end)
            if span.end > span.start:
                sections.append(span)
    sections = _with_parts(text, sections)

    kinds = {s.kind for s in sections}
    if "review" not in kinds:
        notices.append(Notice("no_review", gettext_noop("No review section was found."), {}))
    if "tasks" not in kinds:
        notices.append(
            Notice(
                "no_tasks",
                gettext_noop(
                    "No tasks section was found (no heading such as 今后一年工作任务 or 2025年主要任务)."
                ),
                {},
            )
        )
    return sections, notices


def _term_end(text: str, heading_start: int, start: int, end: int, heading: str) -> tuple[list[tuple[int, str, str]], list[Notice]]:
    """A term-end review (过去一年和五年工作回顾, 过去五年工作回顾): the past-year account is the review and the
    whole-term account is kept as context ("other"), when the past year is told in paragraphs of its own, each
    block opening with its time phrase (2017年，… / 过去五年，…). When the past year is told inside the
    term's account, the whole stays the review, and a notice says its evidence may describe earlier years."""
    leads = sorted(
        [(m.start(), "year") for m in _YEAR_LEAD.finditer(text, start, end)]
        + [(m.start(), "term") for m in _TERM_LEAD.finditer(text, start, end)]
    )
    # Blocks: from a lead to the next lead of the other kind.
    blocks: list[tuple[int, str]] = []
    for offset, kind in leads:
        if not blocks or blocks[-1][1] != kind:
            blocks.append((offset, kind))
    years = [b for b in blocks if b[1] == "year"]
    if len(years) == 1 and len(blocks) > 1:
        i = blocks.index(years[0])
        year_start = start if i == 0 else years[0][0]
        year_end = blocks[i + 1][0] if i + 1 < len(blocks) else end
        if year_end - year_start >= _TERM_YEAR_MIN * (end - start):
            # Replaces the review's own anchor: the heading opens whichever account comes first.
            heading = heading.strip()
            if i == 0:
                anchors = [(heading_start, "review", heading), (year_end, "other", "")]
            else:
                anchors = [(heading_start, "other", heading), (year_start, "review", "")]
                if year_end < end:
                    anchors.append((year_end, "other", ""))
            note = Notice(
                "term_review_split",
                gettext_noop(
                    "A term-end review: its account of the past year (offsets %(start)d–%(end)d) is the review "
                    "the previous report's commitments are checked against; the account of the whole term is "
                    "kept as context."
                ),
                {"start": year_start, "end": year_end},
            )
            return anchors, [note]
    note = Notice(
        TERM_REVIEW_WHOLE,
        gettext_noop(
            "A term-end review (%(heading)s) tells the past year inside its account of the whole term, so it "
            "is read whole: evidence found in it may describe an earlier year of the term."
        ),
        {"heading": heading.strip()},
    )
    return [], [note]


# A past-year account shorter than this share of a term-end review is a summary inside the term's account.
_TERM_YEAR_MIN = 0.15


def _span(text: str, kind: str, heading: str, start: int, end: int) -> SectionSpan:
    return SectionSpan(kind=kind, heading=heading, start=start, end=_trim_end(text, start, end))


def _trim_end(text: str, start: int, end: int) -> int:
    # A section or part ends with its last character, not with the newline before the next one.
    return start + len(text[start:end].rstrip())


def _last_match(pattern: re.Pattern, text: str, lo: int, hi: int):
    last = None
    for last in pattern.finditer(text, lo, hi):
        pass
    return last


def _body_start(text: str) -> int:
    """Offset of the first body line after title, byline, greeting and "向大会报告工作" lines."""
    for n, m in enumerate(_LINE.finditer(text)):
        line = m.group(0)
        stripped = line.strip()
        marker = _CONTINUATION.match(stripped)
        if marker and len(stripped) > marker.end():
            # "(上接第一版)“一府两院”…": the body starts right after the marker.
            return m.start() + _indent(line) + marker.end()
        is_preamble = (
            marker is not None
            or _ADDRESS.fullmatch(stripped) is not None
            or _OPENING.search(stripped) is not None
            or (
                # title, dateline or byline: no sentence end, and short or naming the report
                not _SENTENCE_END.search(stripped)
                and (len(stripped) <= _TITLE_MAX or _TITLE_WORDS.search(stripped) is not None)
                and not _NUMBERED_START.match(stripped)
                and not _REVIEW_HEADING.fullmatch(stripped)
                and not _TASKS_HEADING.fullmatch(stripped)
            )
        )
        if not is_preamble or n >= _PREAMBLE_MAX_LINES:
            return m.start() + _indent(line)
    return len(text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _closing_start(text: str, lo: int) -> int | None:
    """Start of the final exhortation (各位代表！… 让我们更加紧密地团结…), or None."""
    last = _last_match(_CLOSING, text, lo, len(text))
    if last is None or last.start() <= lo:
        return None
    if _NUMBERED_START.match(text, last.start()) or _NUMBERED_START.search(text, last.end()):
        return None
    if len(text) - last.end() > _CLOSING_MAX_TAIL:
        return None
    start = last.start()
    prev = text.rfind("\n", 0, max(start - 1, 0)) + 1
    if start > 0 and _ADDRESS.fullmatch(text, prev, start - 1):
        return prev
    return start


def _with_parts(text: str, sections: list[SectionSpan]) -> list[SectionSpan]:
    found: list[tuple[int, str, str, str]] = []  # (start, style, number, heading)
    for m in _PART_L1.finditer(text):
        found.append((m.start(), "l1", m.group("num"), _head(m.group("rest"), _HEAD_STOP)))
    for m in _PART_PAREN.finditer(text):
        found.append((m.start(), "paren", m.group("num"), _head(m.group("rest"), _HEAD_STOP)))
    for m in _PART_SHI.finditer(text):
        found.append((m.start(), "shi", m.group("num"), _head(m.group("rest"), _CLAUSE_STOP)))
    for m in _PART_DIGIT.finditer(text):
        num = m.group("num") or m.group("pnum")
        found.append((m.start(), "digit", num, _head(m.group("rest"), _HEAD_STOP)))
    found.sort()
    starts = [f[0] for f in found]

    out = []
    for sec in sections:
        inside = found[bisect_left(starts, sec.start) : bisect_left(starts, sec.end)]
        if not inside:
            out.append(sec)
            continue
        # 一是 sits under （一） when a section has both; otherwise it is the second level.
        has_paren = any(f[1] == "paren" for f in inside)
        levels = {"l1": 1, "paren": 2, "shi": 3 if has_paren else 2, "digit": 3}
        # A part ends where the next part of the same or a higher level starts (one pass, open stack).
        ends = [sec.end] * len(inside)
        open_parts: list[int] = []
        for i, (start, style, _, _) in enumerate(inside):
            while open_parts and levels[inside[open_parts[-1]][1]] >= levels[style]:
                ends[open_parts.pop()] = start
            open_parts.append(i)
        # The speaker turning to the deputies again (各位代表！ on a line of its own) opens a passage of its own: the
        # report's closing matters after the last numbered task (民族, 国防, 港澳台, 外交) or its thanks after the
        # review's last achievement belong to no part.
        addresses = [m.start() for m in _ADDRESS.finditer(text, sec.start, sec.end)]
        for i, (start, *_rest) in enumerate(inside):
            following = bisect_left(addresses, start)
            if following < len(addresses):
                ends[i] = min(ends[i], addresses[following])
        parts = [
            Part(
                number=number, level=levels[style], heading=heading, start=start, end=_trim_end(text, start, end)
            )
            for (start, style, number, heading), end in zip(inside, ends)
        ]
        out.append(SectionSpan(sec.kind, sec.heading, sec.start, sec.end, tuple(parts)))
    return out


def _head(rest: str, stop: re.Pattern) -> str:
    m = stop.search(rest)
    return (rest[: m.start()] if m else rest).strip().rstrip("：:")
