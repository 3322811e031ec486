"""Body gazetteer: canonical names of reporting bodies, their level and the body they sit under.

A body name is a place plus an organ: 重庆市大足区 + 人大常委会, 扬州市 + 人民政府; the two national
bodies (全国人大常委会, 国务院) have no place. Places come from data/regions.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .types import Fact

NATIONAL_NPC = "全国人大常委会"
STATE_COUNCIL = "国务院"
NPC_SUFFIX = "人大常委会"
GOV_SUFFIX = "人民政府"
NATIONAL = "national"
PROVINCIAL = "provincial"
PREFECTURAL = "prefectural"
COUNTY = "county"

_REGIONS = Path(__file__).with_name("data") / "regions.yaml"
_CJK = "\u4e00-\u9fff"
_ORGAN_RE = re.compile(
    r"(?P<npc>人民代表大会常务委员会|人民代表大会常委会|人大常务委员会|人大常委会)$|(?P<gov>人民政府|政府)$"
)
# Decorations around a name taken from a title: markdown hashes, quotes, a leading year, "关于".
_STRIP_RE = re.compile(r"^[#\s　“”\"《》]*(?:\d{4}年度?)?(?:关于)?|(?:的)?工作报告.*$|[\s　“”\"《》]+$")
_NATIONAL_PLACES = {"全国", "中华人民共和国全国", "中华人民共和国", "中央"}
# A county-level unit not in the gazetteer (only municipalities list theirs): 江都区, 宝应县, 仪征市.
_COUNTY_UNIT_RE = re.compile(rf"^[{_CJK}]{{1,10}}(?:区|县|市|旗)$")
# Short names that are also common words in reports (长治久安, 幸福安康, 来宾, 朝阳产业, 阿里巴巴 …):
# counted in running text only when written in full.
_WORDLIKE_SHORT = frozenset(
    "长治 安康 来宾 朝阳 大同 阿里 大理 白银 中山 吉林 海南 普洱 北海 山南 黄山 三明 河源 白山 通化 海东 "
    "海北 海西 玉树 红河 定西 金昌 泰安 吉安 安顺 东营 开封 宜春 永州 丽江 文山 德宏 铜仁 江门 佛山 中卫 "
    "南平 河池 梧州 抚州 新余 本溪 和田 阳江 "
    "和平 河东 河西 河北 南开 红桥 大兴 金山 宝山 普陀 长宁 静安 长寿 南岸 江北 东城 西城 通州 松江 "
    "北辰 宁河 青浦 奉贤 嘉定 丰台 房山 平谷 密云 忠县 开州".split()
)
# The organ word in running text whose unit (市 in 市人大常委会) says which kind of place reports.
_UNIT_CHARS = "省市区县州"


@dataclass(frozen=True)
class Place:
    name: str  # full name: 扬州市, 重庆市, 大足区
    short: str  # 扬州, 重庆, 大足
    level: str  # provincial / prefectural / county
    parent: str | None  # full name of the provincial division it sits under, None for provincial
    municipality: bool = False  # 北京, 天津, 上海, 重庆: provincial, but their units are county level


@cache
def gazetteer() -> dict[str, Place]:
    """Every place in regions.yaml by full name, loaded once."""
    data = yaml.safe_load(_REGIONS.read_text(encoding="utf-8"))
    places: dict[str, Place] = {}
    for province in data["provinces"]:
        name = province["name"]
        municipality = province["type"] == "municipality"
        places[name] = Place(name, province["short"], PROVINCIAL, None, municipality)
        for entry in province.get("prefectures") or ():
            if isinstance(entry, str):
                entry = {"name": entry, "short": re.sub(r"(?:市|地区|盟)$", "", entry)}
            places[entry["name"]] = Place(entry["name"], entry["short"], PREFECTURAL, name)
        for entry in province.get("counties") or ():
            if isinstance(entry, str):
                short = re.sub(r"(?:新区|区|县)$", "", entry) if len(entry) > 2 else entry
                entry = {"name": entry, "short": short}
            places[entry["name"]] = Place(entry["name"], entry["short"], COUNTY, name)
    return places


@cache
def _place_re() -> re.Pattern:
    # Longest first so 吉林市 wins over 吉林省's short name, 河北区 over 河北.
    names = sorted(gazetteer(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@cache
def _short_names() -> dict[str, Place]:
    shorts: dict[str, Place] = {}
    for place in gazetteer().values():
        # On a clash (吉林 the province and the city) keep the higher level, listed first.
        shorts.setdefault(place.short, place)
    return shorts


def _split_place(place: str) -> tuple[list[Place], str]:
    """Known places at the start of ``place`` (江苏省 扬州市), then whatever is left (江都区)."""
    known: list[Place] = []
    pos = 0
    pattern = _place_re()
    while match := pattern.match(place, pos):
        found = gazetteer()[match.group()]
        # Only places that nest: in 宁波市江北区 the 江北区 is not Chongqing's.
        if known and found.parent != known[-1].name:
            break
        known.append(found)
        pos = match.end()
    if not known and place in _short_names() and _short_names()[place].level == PROVINCIAL:
        known.append(_short_names()[place])
        pos = len(place)
    return known, place[pos:]


def _organ(name: str) -> tuple[str, str | None]:
    """(place, "npc"/"gov") of a canonical or full body name; organ None when it names no organ."""
    match = _ORGAN_RE.search(name)
    if not match:
        return name, None
    return name[: match.start()], "npc" if match.group("npc") else "gov"


def _resolve(place: str) -> tuple[str, str | None, str | None, str] | None:
    """(canonical place, level, parent place, evidence) for a place string; None when unreadable."""
    known, rest = _split_place(place)
    evidence = " > ".join(p.name for p in known)
    if not rest:
        if not known:
            return None
        last = known[-1]
        if last.level == PROVINCIAL:
            return last.name, PROVINCIAL, None, evidence
        if last.level == PREFECTURAL:
            return last.name, PREFECTURAL, last.parent, evidence
        return last.parent + last.name, COUNTY, last.parent, evidence  # a municipality's district
    if not _COUNTY_UNIT_RE.match(rest):
        return None
    evidence = " > ".join(p.name for p in known) + (" > " if known else "") + rest
    if not known:
        # A bare 江都区 is a county; a bare unknown X市 may be a county-level city or a prefecture.
        return (rest, COUNTY, None, rest) if not rest.endswith("市") else None
    last = known[-1]
    if last.level == PREFECTURAL or last.municipality:
        return last.name + rest, COUNTY, last.name, evidence
    if last.level == PROVINCIAL and not rest.endswith("市"):
        # A county of an unnamed prefecture: county level, parent unknown.
        return last.name + rest, COUNTY, None, evidence
    return None  # 江苏省昆山市: a county-level city or a prefecture we do not list


def canonical_body_name(full_name: str) -> str | None:
    """重庆市大足区人民代表大会常务委员会(工作报告) -> 重庆市大足区人大常委会; None if it names no body.

    Municipality districts get their municipality (大足区 -> 重庆市大足区), prefectures lose their
    province (江苏省扬州市 -> 扬州市); places not in the gazetteer are kept as written.
    """
    name = _STRIP_RE.sub("", full_name.strip())
    if name in (STATE_COUNCIL, "中华人民共和国国务院", "中央人民政府"):
        return STATE_COUNCIL
    place, organ = _organ(name)
    if organ is None:
        return None
    if place in _NATIONAL_PLACES:
        return NATIONAL_NPC if organ == "npc" else STATE_COUNCIL
    if not place or not re.fullmatch(rf"[{_CJK}]+", place):
        return None
    resolved = _resolve(place)
    canonical = resolved[0] if resolved else place
    if organ == "gov" and canonical.endswith("特别行政区"):
        return canonical + "政府"  # Hong Kong and Macao governments are not 人民政府
    return canonical + (NPC_SUFFIX if organ == "npc" else GOV_SUFFIX)


def body_kind(name: str) -> str | None:
    """npc / gov for a body name, None when it names neither organ."""
    if name in (STATE_COUNCIL, "中华人民共和国国务院"):
        return "gov"
    return _organ(name)[1]


def _located(name: str):
    """(canonical name, organ, gazetteer entry or None) of a body name."""
    canonical = canonical_body_name(name) or name
    place, organ = _organ(canonical)
    return canonical, organ, _resolve(place) if organ else None


def body_level(name: str) -> Fact:
    """national / provincial / prefectural / county, source "gazetteer"; value None when unknown."""
    canonical, _, resolved = _located(name)
    if canonical in (NATIONAL_NPC, STATE_COUNCIL):
        return Fact(NATIONAL, "gazetteer", canonical)
    if resolved is None:
        return Fact(None, "default", "")
    return Fact(resolved[1], "gazetteer", resolved[3])


def body_parent(name: str) -> Fact:
    """The canonical name of the body ``name`` sits under (same organ, one level up).

    Value None with source "gazetteer" for the national bodies (nothing above them), value None
    with source "default" when the gazetteer does not know.
    """
    canonical, organ, resolved = _located(name)
    if canonical in (NATIONAL_NPC, STATE_COUNCIL):
        return Fact(None, "gazetteer", canonical)
    if resolved is None:
        return Fact(None, "default", "")
    _, level, parent, evidence = resolved
    suffix = NPC_SUFFIX if organ == "npc" else GOV_SUFFIX
    if level == PROVINCIAL:
        return Fact(NATIONAL_NPC if organ == "npc" else STATE_COUNCIL, "gazetteer", evidence)
    if parent is None:
        return Fact(None, "default", "")
    return Fact(parent + suffix, "gazetteer", evidence)


@cache
def _unit_places(unit: str) -> tuple[re.Pattern, dict[str, Place]]:
    """A pattern for the places a "<unit>人大常委会" may belong to, and each spelling's place."""
    spellings: dict[str, Place] = {}
    for place in gazetteer().values():
        if unit == "省":
            fits = place.level == PROVINCIAL and place.name.endswith("省")
        elif unit == "市":
            fits = place.name.endswith("市") and (place.level == PREFECTURAL or place.municipality)
        else:
            fits = place.level in (PREFECTURAL, COUNTY) and place.name.endswith(unit)
        if fits:
            spellings[place.name] = place
            if len(place.short) >= 2 and place.short not in _WORDLIKE_SHORT:
                spellings.setdefault(place.short, place)
    pattern = re.compile("|".join(map(re.escape, sorted(spellings, key=len, reverse=True))))
    return pattern, spellings


# A report names its own place again and again; a place named once or twice (天津港, 广东自贸试验区) is one it
# speaks of. The most named place is the report's own only when named this often and twice as often as any other.
OWN_PLACE_MIN = 3


def most_named_place(text: str, unit: str) -> tuple[str, str] | None:
    """(canonical place, first spelling found) of the place of kind ``unit`` (省/市/区/县/州) that ``text``
    names as its own: at least OWN_PLACE_MIN times and twice as often as any other; None otherwise."""
    if unit not in _UNIT_CHARS:
        return None
    pattern, spellings = _unit_places(unit)
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for match in pattern.finditer(text):
        place = spellings[match.group()]
        counts[place.name] += 1
        first.setdefault(place.name, match.group())
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < OWN_PLACE_MIN or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    name = ranked[0][0]
    place = gazetteer()[name]
    canonical = place.parent + name if place.level == COUNTY and place.parent else name
    return canonical, first[name]


@cache
def _place_names() -> frozenset[str]:
    """Full and short names; a short name only where it is not also a common word."""
    return frozenset(gazetteer()) | {short for short in _short_names() if len(short) >= 2 and short not in _WORDLIKE_SHORT}


@cache
def _leading_places() -> dict[str, tuple[str, ...]]:
    """The place names by their first character, longest first. A dict, not one alternation of the
    thousands of names: an alternation is tried name by name at every call, and the extractor asks of
    every list item."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(_place_names(), key=len, reverse=True):
        by_first.setdefault(name[:1], []).append(name)
    return {first: tuple(group) for first, group in by_first.items()}


def leading_place(text: str, *, wordlike: bool = False) -> str:
    """The place name ``text`` opens with (上海, 福建省, 天津), or "": the longest one. With ``wordlike``, also a short
    name that is a common word as well (海南, 中山), where the context has already said a place may follow."""
    for name in _leading_places().get(text[:1], ()):
        if text.startswith(name):
            return name
    if wordlike:
        return next((short for short in _WORDLIKE_SHORT if text.startswith(short)), "")
    return ""


def own_place(name: str) -> str:
    """The place a body is named by at its own level, as a title writes it: 永川区 of 重庆市永川区人大常委会, 重庆市 of
    重庆市人大常委会 (国务院 for 国务院)."""
    place, _organ_kind = _organ(name)
    known, rest = _split_place(place)
    return rest or (known[-1].name if known else place)


def written_short(name: str, others: list[str]) -> str:
    """A place name (澳门特别行政区) as the short name the ``others`` listed before it use (香港), where each of them with
    the same ending is a place too (香港特别行政区; not 北京 + 省, nor 内蒙古 + 回族自治区); else as it is."""
    place = gazetteer().get(name)
    if place is None or place.short == name or not name.startswith(place.short):
        return name
    ending = name[len(place.short) :]
    return place.short if all(other + ending in gazetteer() for other in others) else name


def only_places(text: str) -> bool:
    """Whether ``text`` is nothing but place names, joined by 和 / 与 / 及 (上海和广东, 天津)."""
    parts = [p for p in _JOINED_PLACES.split(text) if p]
    names = _place_names()  # a part that is one whole place name is the place its longest prefix names
    return bool(parts) and all(p in names for p in parts)


_JOINED_PLACES = re.compile(r"[和与及]")
