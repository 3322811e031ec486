"""Deadlines as staff write them in a 台账 (时限): a date, a month, or words such as 年底前 and 上半年.

``parse_due`` turns what staff wrote into the last day it allows, keeping the words to show as written. Plain
Python, no Django, so the admin form, the API and the sheet import read a deadline the same way.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十一": 11, "十二": 12}
_NUM = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
_TAIL = r"(?:底|末)?(?:前|以前|之前|内)?(?:完成)?"

# Words that name a period of the plan year, with the month it ends in.
PERIODS = (
    (r"(?:年底|年末|年内|全年|本年度|今年)", 12),
    (r"(?:上半年|年中)", 6),
    (r"下半年", 12),
    (r"(?:第)?[一1]季度", 3),
    (r"(?:第)?[二2]季度", 6),
    (r"(?:第)?[三3]季度", 9),
    (r"(?:第)?[四4]季度", 12),
)
# The plan year named before a deadline's words (今年年底, 今年6月底前, 本年底, 本年度第三季度): the words after it, in
# that year; alone, or before 底/末/内 only (今年内, 本年底), the year's end.
_THIS_YEAR = re.compile(r"^(?:今年|本年度?|当年)")
# Words for work with no end date (长期坚持, 持续推进), or done again each period (每月, 每季度报送, 定期): kept as
# written, no date, never overdue.
ONGOING = re.compile(r"^(?:长期|持续|常态化|经常性|定期|每(?:周|旬|月|季度?|半年|年|个?[月季]度))")

_YEAR = r"(?:(\d{4})\s*(?:年|[-/.]))?"
_DATE = re.compile(rf"^{_YEAR}\s*{_NUM}\s*(?:月|[-/.])\s*(\d{{1,2}})\s*[日号]?{_TAIL}$")
_MONTH = re.compile(rf"^{_YEAR}\s*{_NUM}\s*月?(?:份)?{_TAIL}$")
_PERIOD = [(re.compile(rf"^(?:(\d{{4}})年)?{words}{_TAIL}$"), month) for words, month in PERIODS]
# 2026年底前: the year's end said with the year itself (年 written once); 2026年, 2026年度, 2026年内: within that
# year (2026年前 is none: it may mean before 2026 begins).
_PERIOD.append((re.compile(rf"^(\d{{4}})年(?:(?:底|末){_TAIL}|度?(?:内)?)$"), 12))
# 10月中旬: a third of a month, by its last day (上旬 the 10th, 中旬 the 20th, 下旬 the month's end); two of them
# (9月中下旬, 上、中旬) by the later one.
_TEN_DAYS = re.compile(rf"^{_YEAR}\s*{_NUM}\s*月(?:[上中下][、-]?)?([上中下])旬{_TAIL}$")
_TEN_DAY_ENDS = {"上": 10, "中": 20}


# A year written in characters, as official documents date themselves (二〇二四年十月): read as digits.
_CN_YEAR = re.compile(r"^([〇○零一二三四五六七八九]{4})年")
_YEAR_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")


def _number(token: str) -> int:
    return int(token) if token.isdigit() else CN_DIGITS[token]


# A day or month in characters, as a dated line writes it (九月二十六日): 一 to 九十九.
_CN_NUMBER = r"[一二三四五六七八九十]{1,3}"
_LINE_DAY = re.compile(
    rf"^\s*(?:(\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*)?(\d{{1,2}}|{_CN_NUMBER})\s*月\s*(\d{{1,2}}|{_CN_NUMBER})\s*日"
)


_CN_TENS = re.compile(r"(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?")


def _cn_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    found = _CN_TENS.fullmatch(token)
    if found is None or not token:
        raise ValueError(token)  # 十十, 二二
    tens, ten, units = found.groups()
    return (CN_DIGITS[tens] if tens else 1 if ten else 0) * 10 + (CN_DIGITS[units] if units else 0)


def line_day_in_digits(line: str, plan_year: int | None = None) -> str:
    """A line whose start is a day in characters (二〇二四年九月二十六日 …), or, given the plan year of the sheet it is
    in, a day without its year (9月26日 …, of that year), with that day written 2024年9月26日: as dated lines are read.
    Any other line as it is."""
    match = _LINE_DAY.match(line)
    if match is None or (match[1] is None and plan_year is None):
        return line
    try:
        year = int(match[1].translate(_YEAR_DIGITS)) if match[1] else plan_year
        month, day = _cn_number(match[2]), _cn_number(match[3])
    except (ValueError, KeyError):
        return line
    return f"{year}年{month}月{day}日{line[match.end():]}"


# A line starting with a month and no day, as a 台账 kept by hand dates its progress (2024年7月，开展… / 10月已提交… /
# 二〇二四年九月… / 6月底… / 2024-07 …); not a range of months (3月-5月), a part of one (10月中旬, 6月中, 6月上), nor a
# day (7月1日, 7月1号).
_LINE_MONTH = re.compile(
    rf"^\s*(?:(\d{{4}}|[〇○零一二三四五六七八九]{{4}})\s*年\s*)?(\d{{1,2}}|{_CN_NUMBER})\s*月份?(?:底|末)?"
    rf"(?!\s*(?:[上中下初]|[-－~～至到]|(?:\d{{1,2}}|{_CN_NUMBER})\s*[日号]))"
)
_LINE_YEAR_MONTH = re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})(?![-/.\d])")


_WRITTEN_DAY = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def line_day(line: str, plan_year: int) -> dt.date | None:
    """The day a line starts with (5月20日…, of the plan year; 2024年5月20日…; 二〇二四年五月二十日…), None for any other."""
    match = _WRITTEN_DAY.match(line_day_in_digits(line.strip(), plan_year))
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])) if match else None
    except ValueError:
        return None


def line_month_end(line: str, plan_year: int | None = None) -> dt.date | None:
    """The last day of the month a line starts with where it names a month and no day (given the plan year of the
    sheet it is in, one without its year too, in that year): the day a progress line dated by its month is given.
    None for any other line."""
    match = _LINE_MONTH.match(line) or _LINE_YEAR_MONTH.match(line)
    if match is None or (match[1] is None and plan_year is None):
        return None
    try:
        year = int(match[1].translate(_YEAR_DIGITS)) if match[1] else plan_year
        month = _cn_number(match[2])
        return _month_end(year, month) if 1 <= month <= 12 and year >= 1 else None
    except (ValueError, KeyError):
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_NAMES_YEAR = re.compile(r"(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4}\s*年")


def names_year(label: str) -> bool:
    """Whether a deadline's words name their year (2025年底前, 2024.6.30, 二〇二四年十月), not only the plan year's."""
    return _NAMES_YEAR.search(label or "") is not None


def parse_due(value, plan_year: int) -> tuple[dt.date | None, str]:
    """(the last day allowed, the words as written); raises ValueError when the words name no deadline."""
    if value is None:
        return None, ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value, value.isoformat()
    label = str(value).strip()
    text = label.replace("　", "").replace(" ", "")
    if not text:
        return None, ""
    if ONGOING.match(text):
        return None, label
    text = _CN_YEAR.sub(lambda match: match[1].translate(_YEAR_DIGITS) + "年", text)
    if (this_year := _THIS_YEAR.match(text)) and (rest := text[this_year.end():]):
        if re.fullmatch(_TAIL, rest):
            return _month_end(plan_year, 12), label
        text = rest
    try:
        if match := _DATE.match(text):
            year = int(match[1]) if match[1] else plan_year
            return dt.date(year, _number(match[2]), int(match[3])), label
        if match := _TEN_DAYS.match(text):
            year, month = int(match[1]) if match[1] else plan_year, _number(match[2])
            return (dt.date(year, month, _TEN_DAY_ENDS[match[3]]) if match[3] != "下" else _month_end(year, month)), label
        if match := _MONTH.match(text):
            year = int(match[1]) if match[1] else plan_year
            month = _number(match[2])
            if 1 <= month <= 12:
                return _month_end(year, month), label
        for pattern, month in _PERIOD:
            if match := pattern.match(text):
                return _month_end(int(match[1]) if match[1] else plan_year, month), label
    except (ValueError, KeyError):
        pass
    raise ValueError(label)
