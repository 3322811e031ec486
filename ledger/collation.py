"""Chinese names in the order staff expect a list of them: by pinyin, as a roster or a dictionary lists them (大足石刻研究院
among the D's, not after every other name as the order of code points puts it)."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4096)
def by_pinyin(name: str) -> tuple[str, str]:
    """A sort key: the name's pinyin syllables without tones, then the name itself (two names read alike stay apart)."""
    from pypinyin import lazy_pinyin  # its dictionary loads on first use: only pages that sort names pay for it

    return " ".join(lazy_pinyin(name)).lower(), name
