"""Generic words of work reports, and how a tuple of words becomes a pattern."""

from __future__ import annotations

import importlib.util
import os
import re
from functools import lru_cache

# Words too common in work reports to tell one promise from another.
GENERIC_WORDS: tuple[str, ...] = tuple(
    """进一步 高质量 重大项目 财政补助 工作 情况 建设 发展 专项 综合 专题 推进 推动 加快 加强 完善 深化 有关 相关 全面
    持续 继续 重点 重大 项目 工程 试点 制度 机制 体系 报告 汇报 实施 落实 开展 问题 领域 方面 部分 主要 作用
    发挥 更好 事业 进展 活动 措施 具体 基本 任务 水平 服务 管理 改革 政策 规划 方案 办法 条例 规定 决议 决定
    范围 标准 目标 分别 预期 提升 提高 促进 保障 支持 巩固 拓展 优化 强化 创新 社会 国家 规范性文件""".split()
)

# Nouns written with a verb or a word of state at their start: the word inside them is not said (服务业增加值,
# value added, reports no increase). Every table's word is found only where it does not begin one of these.
NOUNS_OVER_WORDS: tuple[str, ...] = ("增加值",)

# One Chinese character (the counts of a clause's characters leave marks and digits out).
CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")

# In a word of a table, GAP stands for up to ``gap`` characters of any kind (征求…意见: 征求常委会组成人员意见).
GAP = "…"


def alternation(words, *, gap: int = 0, longest_first: bool = False) -> str:
    """The words as one regex alternation (no group). Order is kept unless ``longest_first``: at one
    position the first word listed wins, which decides what a finditer reports."""
    words = sorted(words, key=len, reverse=True) if longest_first else list(words)
    return by_first_character(
        [(word[:1], f".{{0,{gap}}}?".join(map(re.escape, word.split(GAP))) + _not_a_noun(word)) for word in words]
    )


def by_first_character(words: list[tuple[str, str]]) -> str:
    """Regexes of words, each given with the word's first character, as one alternation grouped by that
    character (加快推进|加快|加大 -> 加(?:快推进|快|大)). Words of different first characters never match at one
    position and each group keeps its words' order, so the matches are the alternation's; but a match tries
    one group instead of every word (the regex engine has no trie of its own). A word whose regex does not open
    with its first character as written (an empty word, one opening with GAP) could match beside any group: then
    the words stay one plain alternation, in their order."""
    if not all(first and regex.startswith(re.escape(first)) for first, regex in words):
        return "|".join(regex for _first, regex in words)
    groups: dict[str, list[str]] = {}
    for first, regex in words:
        groups.setdefault(first, []).append(regex[len(re.escape(first)) :])
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _not_a_noun(word: str) -> str:
    """A lookahead keeping ``word`` from matching at the start of a noun of NOUNS_OVER_WORDS."""
    rests = [noun[len(word) :] for noun in NOUNS_OVER_WORDS if noun.startswith(word) and noun != word]
    return f"(?!{'|'.join(map(re.escape, rests))})" if rests else ""


def compile_words(words, *, gap: int = 0, anchored: bool = False, longest_first: bool = False) -> re.Pattern:
    """A pattern finding any of the words; ``anchored`` only at the start of the text searched."""
    body = alternation(words, gap=gap, longest_first=longest_first)
    return re.compile(f"^(?:{body})" if anchored else body)


def jieba_dictionary():
    """jieba's dict.txt, line by line as (word, count, part-of-speech tag), read from the package's folder without
    importing jieba (its import sets up a tokenizer). Raises RuntimeError when the package is not installed."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise RuntimeError("the jieba package (its word list) is not installed")
    with open(os.path.join(os.path.dirname(spec.origin), "dict.txt"), encoding="utf-8") as handle:
        for line in handle:
            word, count, tag = (line.split() + ["", ""])[:3]
            yield word, max(int(count or 1), 1), tag


@lru_cache(maxsize=1)
def _dictionary_tags() -> dict[str, str]:
    """Words of two to four characters -> their part-of-speech tag in jieba's dictionary."""
    tags: dict[str, str] = {}
    for word, _, tag in jieba_dictionary():
        if 2 <= len(word) <= 4:
            tags.setdefault(word, tag)
    return tags


def dictionary_verbs(phrase: str) -> list[str]:
    """The words of ``phrase`` that jieba's dictionary tags as verbs (tag v), the phrase cut into its longest words
    from the left (words of two to four characters; other characters stand alone)."""
    tags = _dictionary_tags()
    verbs, position = [], 0
    while position < len(phrase):
        for size in (4, 3, 2, 1):
            word = phrase[position : position + size]
            if size == 1 or tags.get(word):
                break
        if tags.get(word) == "v":
            verbs.append(word)
        position += len(word)
    return verbs


def dictionary_word(word: str) -> bool:
    """Whether jieba's dictionary lists ``word`` (two to four characters)."""
    return word in _dictionary_tags()
