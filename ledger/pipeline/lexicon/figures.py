"""One grammar of figures and units, as written in work reports: 6.5%－7%, 1000万人以上, 600万公顷, 1.65万亿元,
3个百分点左右, 300多万户.

A figure is a number (or a range of two, 6.5%－7%, 10至15), 多/余 (more than), a magnitude (千 万 亿 万亿), a
unit, and a bound (以上 以下 以内 之内 左右). Every unit has a dimension and a factor to the dimension's base
unit, so figures compare across units (公顷 = 15 亩, 千米 = 公里) and never across dimensions: a share (%) is
not a count, and 个百分点 is not a share.

Public: Quantity, parse(match), quantities(text, start), comparable(a, b), meets(promised, reached); the
patterns FIGURE (the full grammar) and GOAL_FIGURE (what the government extractor reads as a goal figure);
the tables UNITS, MAGNITUDES, BOUNDS, LEADS and the pattern pieces link.py composes its own spans from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .words import alternation

# Bounds a figure may carry (its relation to the value it names).
EXACT, AT_LEAST, AT_MOST, ABOUT = "", "at_least", "at_most", "about"

NUMBER = r"\d+(?:\.\d+)?"
MAGNITUDES: dict[str, float] = {"千": 1e3, "万": 1e4, "亿": 1e8, "万亿": 1e12}
# unit -> (dimension, factor to the dimension's base unit). A measure word with nothing to convert to is a
# dimension of its own (3个 and 3项 count different things).
UNITS: dict[str, tuple[str, float]] = {
    "%": ("share", 1.0),
    "％": ("share", 1.0),
    "个百分点": ("points", 1.0),
    "倍": ("multiple", 1.0),
    "元": ("money", 1.0),
    "美元": ("usd", 1.0),
    "人": ("people", 1.0),
    "名": ("people", 1.0),
    "人次": ("person_times", 1.0),
    "户": ("households", 1.0),
    "套": ("dwellings", 1.0),
    "公里": ("length", 1.0),
    "千米": ("length", 1.0),
    "吨": ("mass", 1.0),
    "亩": ("area", 1.0),
    "公顷": ("area", 15.0),
    "千瓦": ("power", 1.0),
    "千瓦时": ("energy", 1.0),
    "天": ("days", 1.0),
    "次": ("times", 1.0),
    "项": ("count:项", 1.0),
    "个": ("count:个", 1.0),
    "座": ("count:座", 1.0),
    "所": ("count:所", 1.0),
    "家": ("count:家", 1.0),
    "辆": ("count:辆", 1.0),
    "件": ("count:件", 1.0),
    "条": ("count:条", 1.0),
    "册": ("count:册", 1.0),
    "台": ("count:台", 1.0),
}
# Dimensions relative to something else: they never compare with a bare number, which counts.
RELATIVE = frozenset({"share", "points", "multiple"})
BOUNDS: dict[str, str] = {"以上": AT_LEAST, "多": AT_LEAST, "以下": AT_MOST, "以内": AT_MOST, "之内": AT_MOST, "左右": ABOUT}
# 多/余 right after the number or its magnitude: more than it (300多万, 1000万余).
MORE = "多余"
RANGE_MARKS = "－\\-—~～至到"
# Words that lead a figure in a promise (控制在3%以内): part of the figure's span, not of what is measured.
LEADS = ("约", "近", "超过", "达到", "提高到", "下降到", "控制在", "保持在", "不低于", "不超过")
# A change from one figure to another (由每人每年380元提高到420元): the first figure is not the one promised.
FROM_TO = (
    r"(?:由|从)(?:每人每年|人均|每人)?" + NUMBER + r"[多余]?(?:万亿|亿|万)?[^\d，。]{0,3}?(?:提高|增加|降低|下降|减少)到"
)


# --- Pattern pieces, built from the tables ---------------------------------------------------------------
def _magnitude() -> str:
    """A magnitude is no magnitude where a unit starts with it (千米, 千瓦 are units, not 千 + 米)."""
    parts = []
    for magnitude in sorted(MAGNITUDES, key=len, reverse=True):
        longer = [unit[len(magnitude) :] for unit in UNITS if unit.startswith(magnitude)]
        parts.append(re.escape(magnitude) + (f"(?!{alternation(longer)})" if longer else ""))
    return "|".join(parts)


MAGNITUDE = _magnitude()
UNIT = alternation(UNITS, longest_first=True)
BOUND = alternation(BOUNDS, longest_first=True)
# The second end of a range; a percent may be written on both ends (6.5%－7%).
RANGE = rf"[%％]?[{RANGE_MARKS}]{NUMBER}"
# Not a figure when glued to letters or digits before it: M2, PM2.5, 3.14.
_NOT_AFTER = r"(?<![A-Za-z\d.])"

FIGURE = re.compile(
    _NOT_AFTER + rf"(?P<low>{NUMBER})(?:[%％]?[{RANGE_MARKS}](?P<high>{NUMBER}))?(?P<more>[{MORE}])?"
    rf"(?P<mag>{MAGNITUDE})?(?P<more_after>[{MORE}])?(?P<unit>{UNIT})?(?P<bound>{BOUND})?"
)

# --- Goal figures of the government extractor ------------------------------------------------------------
# What the government extractor reads as a goal figure: a number with a magnitude, a unit or a percent
# (M2, PM2.5 and 5月1日 are not figures), or a figure in words (翻一番). It matches exactly the strings its
# own pattern did, quirks included: 500千米 is read as 500千 (the magnitude is tried first).
GOAL_UNITS = (
    "%", "％", "个百分点", "元", "人次", "人", "户", "套", "辆", "亩", "公顷", "公里", "千米", "吨", "千瓦", "项", "个",
    "座", "所", "家", "台", "条", "册",
)
GOAL_BOUNDS = ("以上", "以下", "以内", "左右", "之内")
WORD_BOUNDS = ("以上", "左右")
# figure in words -> (dimension, value)
WORD_FIGURES: dict[str, tuple[str, float]] = {
    "一半": ("share", 50.0),
    "一倍": ("multiple", 1.0),
    "两倍": ("multiple", 2.0),
    "翻一番": ("multiple", 1.0),
}
_GOAL_UNIT = alternation(GOAL_UNITS, longest_first=True)
_GOAL_MAGNITUDE = alternation(MAGNITUDES, longest_first=True)
GOAL_FIGURE = re.compile(
    _NOT_AFTER + rf"(?P<low>{NUMBER})(?:[%％])?(?:[{RANGE_MARKS}](?P<high>{NUMBER}))?(?P<more>[{MORE}])?"
    # A magnitude, a unit, or both (written so that each group has one name).
    rf"(?={_GOAL_MAGNITUDE}|{_GOAL_UNIT})(?P<mag>{_GOAL_MAGNITUDE})?(?P<unit>{_GOAL_UNIT})?"
    rf"(?P<bound>{alternation(GOAL_BOUNDS)})?"
    rf"|(?P<word>{alternation(WORD_FIGURES)})(?P<word_bound>{alternation(WORD_BOUNDS)})?"
)


@dataclass(frozen=True)
class Quantity:
    """A figure as a value in its dimension's base unit (600万公顷 -> 9e7 in area, base 亩). A single
    figure has low == high; a bare number has dimension ""."""

    low: float
    high: float
    dimension: str
    bound: str = EXACT
    text: str = ""
    start: int = 0
    end: int = 0


def parse(match: re.Match) -> Quantity:
    """The quantity of a FIGURE or GOAL_FIGURE match."""
    groups = match.groupdict()
    start, end = match.span()
    if groups.get("word"):
        dimension, value = WORD_FIGURES[groups["word"]]
        bound = BOUNDS[groups["word_bound"]] if groups.get("word_bound") else EXACT
        return Quantity(value, value, dimension, bound, match.group(), start, end)
    unit = groups["unit"]
    dimension, factor = UNITS[unit] if unit else ("", 1.0)
    scale = MAGNITUDES.get(groups["mag"] or "", 1.0) * factor
    low = float(groups["low"]) * scale
    high = float(groups["high"]) * scale if groups["high"] else low
    if groups["bound"]:
        bound = BOUNDS[groups["bound"]]
    else:
        bound = AT_LEAST if groups["more"] or groups.get("more_after") else EXACT
    return Quantity(low, high, dimension, bound, match.group(), start, end)


def quantities(text: str, start: int = 0, end: int | None = None) -> Iterator[Quantity]:
    """Every figure of text[start:end] in order, with offsets into text."""
    for match in FIGURE.finditer(text, start, len(text) if end is None else end):
        yield parse(match)


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same dimension; or one is a bare number and the other a count (not a share, points or a multiple)."""
    if a.dimension == b.dimension:
        return True
    if a.dimension and b.dimension:
        return False
    return (a.dimension or b.dimension) not in RELATIVE


def meets(promised: Quantity, reached: Quantity) -> bool:
    """Whether a reached figure keeps a promised one (of a comparable dimension): at most its upper end
    for 以内/以下, anything for 左右 (only a shortfall said outright breaks it), else at least its lower end."""
    if promised.bound == AT_MOST:
        return reached.low <= promised.high
    if promised.bound == ABOUT:
        return True
    return reached.low >= promised.low * 0.999
