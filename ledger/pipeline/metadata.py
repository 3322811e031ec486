"""Who delivered a report, what kind it is and for which year, each with where it was read from.

Works on the normalised text (one paragraph per line, simplified script) but tolerates ASCII
punctuation, so it also reads raw text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from . import bodies
from .types import FACT_SOURCES, Fact, Metadata

FIELDS = ("body", "level", "parent", "kind", "year")
_UNKNOWN = Fact(None, "default", "")
# Titles sit in the first few lines; the title is the line naming the report.
_TITLE_LINES = 5
_TITLE_MAX = 120
_HEADING_MAX = 40

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_YEAR = r"(?P<year>(?:19|20)\d{2}|[〇○零一二][〇○零一二三四五六七八九]{3})"
_NUM = r"(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|\d{1,2}[、.．])"

# A title names the report from the start of its line, without sentence punctuation before it.
_TITLE_RE = re.compile(
    r"^[#\s]*(?P<name>[^\n，。；：、,.;:！？!?“”\"]*?(?P<organ>人民代表大会常务委员会|人大常委会|常务委员会|常委会|政府))"
    r"(?:的)?工作报告"
)
_TITLE_YEAR_RE = re.compile(rf"^[#\s]*{_YEAR}年[^\n—]{{0,30}}工作报告")
# 我受重庆市大足区人民代表大会常务委员会委托，向大会报告工作 (not 受全国人大常委会委托，开展执法检查).
_NPC_MANDATE_RE = re.compile(
    r"受(?P<name>[^，,。；;\n]{0,40}?(?:常务委员会|常委会))的?委托[，,]?\s*向(?:本次)?大会(?:报告|作)"
)
# 我代表国务院，向大会报告政府工作 / 我代表国务院，向大会报告过去五年政府工作.
_GOV_DELEGATE_RE = re.compile(
    r"我(?:谨)?代表(?P<name>[^，,。；;\n]{1,40}?)[，,]?\s*向(?:本次)?大会(?:报告|作)[^。\n]{0,10}?政府工作"
)
# Which kind of place reports (市 in 市人大常委会, 全市): a report names its own organ and its whole
# area (全市) far more often than those of other places.
_NPC_NAMED_RE = re.compile(r"[省市区县州]?人大常委会")
_UNIT_NPC_RE = re.compile(r"(?:全|本)([省市区县州])|([省市区县州])人大常委会")
_UNIT_GOV_RE = re.compile(r"(?:全|本)([省市区县州])|([省市区县州])(?:人民)?政府")

# ——2024年2月5日在重庆市大足区第三届人民代表大会第四次会议上
_DATELINE_RE = re.compile(
    rf"(?:^|——|—|[（(])\s*{_YEAR}\s*年\s*[\d一二三四五六七八九十]{{1,3}}\s*月\s*[\d一二三四五六七八九十]{{1,3}}\s*日"
    r"\s*在[^\n。]{0,60}?(?:人民代表大会|人代会)[^\n。]{0,30}?会议上",
    re.MULTILINE,
)
# 版次:04    作者:2023年02月10日
_BYLINE_RE = re.compile(
    r"^[^\n]{0,40}?(?:版次|作者|日期|发布时间|来源|时间)\s*[:：][^\n]{0,40}?"
    r"(?P<year>(?:19|20)\d{2})\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}日?",
    re.MULTILINE,
)
# 2025年的主要任务 / 三、2017年重点工作任务 / 三、对2018年政府工作的建议 / 二、2015年工作总体部署
_HEADING_PLAN_RE = re.compile(
    rf"^[#\s]*{_NUM}?\s*(?:对|关于)?{_YEAR}年(?:的|度)?[^\n。；;，,]{{0,16}}?"
    r"(?:任务|安排|部署|建议|打算|重点工作|总体要求|工作思路|工作计划)[^\n。；;]{0,12}?[:：]?\s*$",
    re.MULTILINE,
)
# 2024年工作回顾 / 一、2014年工作回顾
_HEADING_REVIEW_RE = re.compile(
    rf"^[#\s]*{_NUM}?\s*{_YEAR}年(?:度)?(?:的)?(?:主要)?(?:工作)?(?:回顾|总结|工作情况)[:：]?\s*$",
    re.MULTILINE,
)

# Anniversaries: base year of the event counted from.
_ANNIVERSARIES = {
    "新中国成立": 1949,
    "中华人民共和国成立": 1949,
    "建国": 1949,
    "人民政协成立": 1949,
    "全国人民代表大会成立": 1954,
    "全国人大成立": 1954,
    "人民代表大会制度建立": 1954,
    "中国共产党成立": 1921,
    "建党": 1921,
    "改革开放": 1978,
    "地方人大设立常委会": 1979,
    "县级以上地方人大设立常委会": 1979,
    "香港回归": 1997,
    "澳门回归": 1999,
    "红军长征胜利": 1936,
    "中国工农红军长征胜利": 1936,
    "抗日战争胜利": 1945,
    "中国人民抗日战争胜利": 1945,
    "中国人民抗日战争暨世界反法西斯战争胜利": 1945,
    "五四运动": 1919,
    "中国人民解放军建军": 1927,
    "建军": 1927,
    "内蒙古自治区成立": 1947,
    "新疆维吾尔自治区成立": 1955,
    "广西壮族自治区成立": 1958,
    "宁夏回族自治区成立": 1958,
    "西藏自治区成立": 1965,
}
_ANNIVERSARY_RE = re.compile(
    r"(?P<event>" + "|".join(sorted(map(re.escape, _ANNIVERSARIES), key=len, reverse=True)) + r")"
    r"(?P<n>\d{1,3})周年"
)
# "十四五"规划收官之年 -> 2025; "十五五"谋篇之年 -> 2025 (planned the year before it starts).
_PLAN_PERIOD_RE = re.compile(
    r"[\"“”]?十(?P<n>[一二三四五六七八九])五[\"“”]?(?:规划)?[^。，,；;\n“”\"]{0,4}?"
    r"(?P<stage>收官之年|收官|开局之年|开局|起步之年|承上启下|谋篇|谋划)"
)
_PLAN_STAGE_OFFSET = {"收官": 4, "开局": 0, "起步": 0, "承上启下": 2, "谋篇": -1, "谋划": -1}
# 全面贯彻党的二十大精神的开局之年 -> 2023.
_CONGRESS_RE = re.compile(r"党的(?P<n>十[六七八九]|二十[一二]?)大[^。，,；;\n]{0,10}?开局之年")
_CN_NUMBER = {"十六": 16, "十七": 17, "十八": 18, "十九": 19, "二十": 20, "二十一": 21, "二十二": 22}
# What a dated fact is said about: 今年是… / 迎接… / 办好… (the year delivered), 过去一年是… /
# 我们隆重庆祝… (the year reviewed). The last such word before the fact in its sentence counts.
_SCOPE_SHIFT = {
    "今年": 0,
    "新的一年": 0,
    "明年": -1,
    "去年": 1,
    "过去一年": 1,
    "上一年": 1,
    "隆重": 1,
    "迎接": 0,
    "组织好": 0,
    "办好": 0,
    "做好": 0,
    "筹备": 0,
    "以优异成绩": 0,
}
_SCOPE_RE = re.compile("|".join(sorted(_SCOPE_SHIFT, key=len, reverse=True)))
_OCCASION_RE = re.compile(r"为契机|为重要契机")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def read_metadata(
    text: str, *, overrides: dict[str, Fact] | None = None, noise: Iterable[str] = ()
) -> Metadata:
    """Read body, level, parent, kind and year from a report's text.

    ``noise`` are the lines normalise removed (a newspaper byline still dates the report);
    ``overrides`` (field -> Fact, source "override" or "manifest") win over what is read, and
    level and parent follow an overridden body.
    """
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        raise ValueError(f"unknown metadata fields: {', '.join(sorted(unknown))}")
    for name, fact in overrides.items():
        if not isinstance(fact, Fact):
            overrides[name] = Fact(fact, "override", "")
        elif fact.source not in FACT_SOURCES:
            raise ValueError(f"unknown fact source {fact.source!r} for {name}")

    title = _title(text)
    kind = overrides.get("kind") or _read_kind(text, title)
    body = overrides.get("body") or _read_body(text, title, kind.value)
    if kind.value is None and body.value is not None and bodies.body_kind(body.value):
        kind = Fact(bodies.body_kind(body.value), body.source, body.evidence)
    if body.value is not None:
        level = overrides.get("level") or bodies.body_level(body.value)
        parent = overrides.get("parent") or bodies.body_parent(body.value)
    else:
        level = overrides.get("level") or _UNKNOWN
        parent = overrides.get("parent") or _UNKNOWN
    year = overrides.get("year") or read_year(text, noise=noise, title=title)
    return Metadata(body=body, level=level, parent=parent, kind=kind, year=year)


def _title(text: str) -> str:
    """The line naming the report among the first few, "" when there is none."""
    seen = 0
    for line in text.split("\n", 40)[:40]:
        line = line.strip()
        if not line:
            continue
        # A title is no sentence: a line ending a sentence merely mentions a report.
        if "工作报告" in line and len(line) <= _TITLE_MAX and "。" not in line:
            return line
        seen += 1
        if seen >= _TITLE_LINES:
            break
    return ""


def kind_stated(fact: Fact) -> bool:
    """Whether a kind read from the text is the report's own word for whose it is (受…常委会委托向大会报告, 我代表国务院
    向大会报告政府工作), not a count of the words it uses."""
    return fact.source == "text" and bool(_NPC_MANDATE_RE.fullmatch(fact.evidence or "") or _GOV_DELEGATE_RE.fullmatch(fact.evidence or ""))


def _read_kind(text: str, title: str) -> Fact:
    if match := _TITLE_RE.search(title):
        return Fact("gov" if match.group("organ") == "政府" else "npc", "title", match.group())
    npc = _NPC_MANDATE_RE.search(text)
    gov = _GOV_DELEGATE_RE.search(text)
    if npc or gov:
        # Both can occur (a report quoting another); the earlier one opens the report.
        if gov is None or (npc is not None and npc.start() < gov.start()):
            return Fact("npc", "text", npc.group())
        return Fact("gov", "text", gov.group())
    # A standing committee calls itself 常委会 throughout; a government report names 政府 instead.
    committee, government = text.count("常委会"), text.count("政府")
    if committee or government:
        if committee * 2 > government:
            named = _NPC_NAMED_RE.search(text)
            return Fact("npc", "text", named.group() if named else "常委会")
        return Fact("gov", "text", "政府")
    return _UNKNOWN


def _read_body(text: str, title: str, kind: str | None) -> Fact:
    if (match := _TITLE_RE.search(title)) and (name := bodies.canonical_body_name(match.group("name"))):
        return Fact(name, "title", match.group())
    for pattern, organ in ((_NPC_MANDATE_RE, "npc"), (_GOV_DELEGATE_RE, "gov")):
        if kind not in (None, organ):
            continue
        for match in pattern.finditer(text):
            name = bodies.canonical_body_name(match.group("name"))
            if name and (name in (bodies.NATIONAL_NPC, bodies.STATE_COUNCIL) or bodies.body_level(name).value):
                return Fact(name, "mandate", match.group())
    # Before any place named in the text: a national report names Beijing, a county report its city.
    return _body_from_dateline(text, kind) or _body_from_place(text, kind)


# The congress a report is delivered to names the body's place: ——2017年3月5日在第十二届全国人民代表大会第五次
# 会议上 (national), ——2024年2月5日在重庆市大足区第三届人民代表大会第四次会议上 (重庆市大足区).
_DATELINE_PLACE_RE = re.compile(r"在(?P<place>[^\n。第]{0,30}?)(?:第[一二三四五六七八九十\d]+届)?(?P<national>全国)?人民代表大会")
# 国务院总理 李克强 in a byline: the national government.
_PREMIER_RE = re.compile(r"^[ \t\u3000]*国务院(?:副)?总理[ \t\u3000]*[\u4e00-\u9fff]{0,4}[ \t\u3000]*$", re.M)


def _body_from_dateline(text: str, kind: str | None) -> Fact | None:
    """The body from the congress the dateline names, or a premier's byline; None when neither says."""
    if kind is None:
        return None
    if kind == "gov" and (premier := _PREMIER_RE.search(text)):
        return Fact(bodies.STATE_COUNCIL, "byline", premier.group().strip())
    dateline = _DATELINE_RE.search(text)
    place = _DATELINE_PLACE_RE.search(dateline.group()) if dateline else None
    if place is None:
        return None
    if place.group("national"):
        return Fact(bodies.NATIONAL_NPC if kind == "npc" else bodies.STATE_COUNCIL, "dateline", dateline.group().strip())
    suffix = bodies.NPC_SUFFIX if kind == "npc" else bodies.GOV_SUFFIX
    name = bodies.canonical_body_name(place.group("place") + suffix) if place.group("place") else None
    if name and bodies.body_level(name).value:
        return Fact(name, "dateline", dateline.group().strip())
    return None


def _body_from_place(text: str, kind: str | None) -> Fact:
    """市人大常委会 + the city named most often (扬州) -> 扬州市人大常委会."""
    if kind is None:
        return _UNKNOWN
    units = Counter(a or b for a, b in (_UNIT_NPC_RE if kind == "npc" else _UNIT_GOV_RE).findall(text))
    if not units:
        return _UNKNOWN
    unit = units.most_common(1)[0][0]
    found = bodies.most_named_place(text, unit)
    if found is None:
        return _UNKNOWN
    place, spelling = found
    name = place + (bodies.NPC_SUFFIX if kind == "npc" else bodies.GOV_SUFFIX)
    return Fact(name, "text", spelling)


def read_year(text: str, *, noise: Iterable[str] = (), title: str | None = None) -> Fact:
    """The year a report was delivered (= the year its tasks are for), from the most trusted source."""
    title = _title(text) if title is None else title
    head = title.split("——", 1)[0]
    if match := _TITLE_YEAR_RE.search(head):
        return Fact(_year(match.group("year")), "title", match.group())
    if match := _DATELINE_RE.search(text):
        return Fact(_year(match.group("year")), "dateline", match.group().lstrip("—（( \n"))
    # The byline is noise normalise removed; raw text still has it near the top.
    for lines in ("\n".join(noise), text[:2000]):
        if match := _BYLINE_RE.search(lines):
            return Fact(int(match.group("year")), "byline", match.group().strip())
    if fact := _vote(_HEADING_PLAN_RE.finditer(text), "heading_plan", 0):
        return fact
    if fact := _vote(_HEADING_REVIEW_RE.finditer(text), "heading_review", 1):
        return fact
    return _dated_fact(text)


def _year(digits: str) -> int:
    return int("".join(_CN_DIGITS.get(c, c) for c in digits))


def _vote(matches: Iterable[re.Match], source: str, shift: int) -> Fact | None:
    """The year most headings agree on (the first such heading as evidence)."""
    found = [(_year(m.group("year")) + shift, m.group().strip()) for m in matches]
    found = [(year, heading) for year, heading in found if len(heading) <= _HEADING_MAX]
    if not found:
        return None
    year = Counter(year for year, _ in found).most_common(1)[0][0]
    return Fact(year, source, next(heading for y, heading in found if y == year))


def _dated_fact(text: str) -> Fact:
    """今年是新中国成立75周年 -> 2024: facts said of "this year" first, then any dated fact."""
    scoped: list[tuple[int, str]] = []
    loose: list[tuple[int, str]] = []
    facts = [(m, _ANNIVERSARIES[m.group("event")] + int(m.group("n"))) for m in _ANNIVERSARY_RE.finditer(text)]
    for m in _PLAN_PERIOD_RE.finditer(text):
        start = 2006 + 5 * (int(_CN_DIGITS[m.group("n")]) - 1)  # 十一五 began in 2006
        stage = next(key for key in _PLAN_STAGE_OFFSET if m.group("stage").startswith(key))
        facts.append((m, start + _PLAN_STAGE_OFFSET[stage]))
    for m in _CONGRESS_RE.finditer(text):
        facts.append((m, 2002 + 5 * (_CN_NUMBER[m.group("n")] - 16) + 1))
    facts.sort(key=lambda fact: fact[0].start())  # the first fact in the text is the evidence
    for match, year in facts:
        sentence_start = _sentence_start(text, match.start())
        scopes = list(_SCOPE_RE.finditer(text, sentence_start, match.start()))
        if scopes:
            scope = scopes[-1]
            scoped.append((year + _SCOPE_SHIFT[scope.group()], text[scope.start() : match.end()]))
        elif occasion := _OCCASION_RE.match(text, match.end(), match.end() + 6):
            # 以改革开放40周年为契机: an occasion still ahead.
            scoped.append((year, text[match.start() : occasion.end()]))
        else:
            loose.append((year, match.group()))
    for found in (scoped, loose):
        if found:
            counts = Counter(year for year, _ in found)
            best = max(counts.values())
            # Ties among loose facts: the later year (a report looks ahead to the coming year).
            year = max(y for y, n in counts.items() if n == best)
            return Fact(year, "dated_fact", next(e for y, e in found if y == year))
    return _UNKNOWN


def _sentence_start(text: str, pos: int) -> int:
    window = max(0, pos - 200)
    ends = list(_SENTENCE_END.finditer(text, window, pos))
    return ends[-1].end() if ends else window
