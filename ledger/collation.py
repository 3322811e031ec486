"""Chinese names in the order staff expect a list of them: by pinyin, as a roster or a dictionary lists them (大足石刻研究院
among the D's, not after every other name as the order of code points puts it)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def by_pinyin(name: str) -> tuple[str, str]:
    """A sort key: the name's pinyin syllables without tones, then the name itself (two names read alike stay apart)."""
    from pypinyin import lazy_pinyin  # its dictionary loads on first use: only pages that sort names pay for it

    return " ".join(lazy_pinyin(name)).lower(), name


def sort_key(name: str) -> str:
    """by_pinyin as one string every database orders alike (Unit.sort_key): each syllable padded with 0 to six places,
    then the name's code points in hex. Letters and digits only, lower case: a linguistic collation (PostgreSQL's
    en_US), which passes over spaces and marks, orders it as the code points do (SQLite), and as by_pinyin does."""
    syllables, name = by_pinyin(name)
    return "".join(syllable.ljust(6, "0") for syllable in syllables.split()) + "".join(f"{ord(c):06x}" for c in name)
