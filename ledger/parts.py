"""Numbered parts of a report as staff read them: 一 二 三 …, （一）（二）…, 一是 二是 …, 1 2 3.

One sort key (``part_key``) for every list of parts (the follow-through table, the part filter, the report's
ledger), and one reading of what staff type in the part filter (``part_variants``: 3, 三, （三）). Plain Python.
"""

from __future__ import annotations

import re

_DIGITS = "零一二三四五六七八九"
_CN = re.compile(r"^(?:([一二三四五六七八九])?(十))?([一二三四五六七八九])?$")
# The styles of a part number, in the order of their levels in a report.
_STYLES = (
    ("l1", re.compile(r"^(?P<n>[一二三四五六七八九十]+)、?$")),
    ("paren", re.compile(r"^[（(](?P<n>[一二三四五六七八九十]+)[）)]$")),
    ("shi", re.compile(r"^(?P<n>[一二三四五六七八九十]+)是$")),
    ("digit", re.compile(r"^[（(]?(?P<n>\d{1,3})[）).．、]?$")),
)
_RANK = {style: rank for rank, (style, _pattern) in enumerate(_STYLES)}


def cn_number(token: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23; None for anything else."""
    match = _CN.match(token or "")
    if not token or match is None:
        return None
    tens_digit, ten, ones = match.groups()
    tens = (_DIGITS.index(tens_digit) if tens_digit else 1) if ten else 0
    return tens * 10 + (_DIGITS.index(ones) if ones else 0)


def cn_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (1–99)."""
    tens, ones = divmod(number, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + (_DIGITS[ones] if ones else "")


def part_parse(part: str) -> tuple[str, int] | None:
    """(style, number) of a part number as stored (三, （三）, 三是, 3); None when it is none of these."""
    text = (part or "").strip()
    for style, pattern in _STYLES:
        if match := pattern.match(text):
            token = match["n"]
            number = int(token) if token.isdigit() else cn_number(token)
            if number:
                return style, number
    return None


def part_key(part: str) -> tuple:
    """Sort key of a part number: 一 < 二 < … < 十一, then （一） < （二） …, then 一是 …, then 1 2 …; unnumbered
    rows and anything unreadable last (in text order among themselves)."""
    parsed = part_parse(part)
    if parsed is None:
        return (1, 0, 0, part or "")
    style, number = parsed
    return (0, _RANK[style], number, part)


def part_variants(query: str) -> list[str]:
    """The stored part numbers that what staff typed in the part filter means.

    3 or 三 → the third part in any numbering (三, 3, （三）, （3）); （三） or (3) → only the bracketed ones;
    三是 → 三是. Anything else is taken as typed."""
    text = (query or "").strip()
    parsed = part_parse(text)
    if parsed is None:
        return [text] if text else []
    style, number = parsed
    cn = cn_numeral(number) if number < 100 else str(number)
    bracketed = [f"（{cn}）", f"({cn})", f"（{number}）", f"({number})"]
    if style == "shi":
        return [f"{cn}是"]
    if style == "paren" or (style == "digit" and text[:1] in "（("):
        return bracketed
    return [cn, str(number), f"{number}.", f"{number}、", *bracketed]


def part_label(part: str, heading_text: str) -> str:
    """The numbered part with its heading as a 台账 writes it: 二、在…中…, （三）…, 一是….."""
    if not part:
        return heading_text
    if not heading_text:
        return part
    if part[-1] in "是）)、.．" or part.startswith(("（", "(")):
        return part + heading_text
    return f"{part}、{heading_text}"
