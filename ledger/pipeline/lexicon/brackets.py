"""What lies outside quotes, 《》 and brackets: the one scanner every splitter uses.

Names (《中华人民共和国…法》, “一带一路”) may hold commas, 、 and 和, so clauses, list items and the 等 of a
list are only cut at depth 0. A closing mark never takes the depth below 0 (a stray 》 is noise).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

OPEN = "“‘《〈（(「『【["
CLOSE = "”’》〉）)」』】]"
_STEP = {c: 1 for c in OPEN} | {c: -1 for c in CLOSE}
_MARKS = re.escape(OPEN + CLOSE)


ANY_MARK = re.compile(f"[{_MARKS}]")  # any quote or bracket mark


@lru_cache(maxsize=64)
def _scanner(target: str) -> re.Pattern:
    return re.compile(f"(?P<t>{target})|[{_MARKS}]")


@lru_cache(maxsize=64)
def _pattern(target: str) -> re.Pattern:
    return re.compile(target)


def top_level(text: str, target: str, start: int = 0, end: int | None = None) -> Iterator[re.Match]:
    """Matches of the regex ``target`` in text[start:end] that lie outside every quote and bracket.

    A target may begin with an opening mark (《 after 》: two names side by side); it is reported at the
    depth before that mark, and the marks it holds still count.
    """
    end = len(text) if end is None else end
    if not ANY_MARK.search(text, start, end):
        # No quote or bracket in the span (most clauses and list items): every match lies at depth 0, and
        # the scanner's matches are exactly the target's.
        yield from _pattern(target).finditer(text, start, end)
        return
    depth = 0
    for match in _scanner(target).finditer(text, start, end):
        if match.lastgroup != "t":  # a mark
            depth = max(0, depth + _STEP[match.group()])
            continue
        if depth == 0:
            yield match
        for ch in match.group():  # the marks a target holds (most hold none)
            step = _STEP.get(ch)
            if step:
                depth = max(0, depth + step)


def last_top_level(text: str, target: str, start: int, end: int) -> re.Match | None:
    found = None
    for found in top_level(text, target, start, end):
        pass
    return found


def first_top_level(text: str, target: str, start: int, end: int) -> re.Match | None:
    if not ANY_MARK.search(text, start, end):
        return _pattern(target).search(text, start, end)  # top_level's first match, without its generator
    return next(top_level(text, target, start, end), None)
