"""Repair of characters lost to a slipped byte in GBK text (issue 10, seed 004).

How the damage arises: a stray byte got into the GBK bytes of a text, so a decoder read the bytes
after it one byte out of step until an ASCII byte put it back in step. The first misread
character W was lost: it shows as "?" and W's pinyin annotation without its "(" (the pinyin is
W's, not the lost character's). Characters read out of step may follow (嵤┼, 貞); the run ends
with the last lost byte, either an ASCII letter or, swallowed with the next "(", a second "?"
that keeps the pinyin annotation of the last lost character:

    管理?xiàng)l例        W = ED 97 項 (xiàng), "l" = 6C                     -> 97 6C 條
    中國日?qǐng)?bào)》     W = D5 88 請 (qǐng), "?" = F3 + "(", bào           -> 88 F3 報
    有序?qū)嵤┼l(xiāng)   W = F2 8C 驅 (qū), 8D CA 嵤, A9 E0 ┼, "l" = 6C   -> 8C 8D 實, CA A9 施, E0 6C 鄉

So the lost characters are the bytes [W's second byte] + [the out-of-step characters' bytes] +
[the last byte], paired again. W's second byte is unknown but limited by W's pinyin (any byte
when W had none), the last byte is the letter (or unknown, limited by its pinyin). Every byte
sequence this allows is scored with jieba's word list as a unigram word model over a few
characters of context (jieba's own way of segmenting), so 管理+條例 beats 管理+鄉+例. A lost
character the words do not decide clearly becomes MARKER (□): the reader sees a gap, not a
guess. The word list and the pinyin table load on the first damaged text only.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from .lexicon.words import jieba_dictionary

_PY = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,7}[1-5]?"
# (Written to start with the "?", the character before it checked behind: a pattern that starts with a
# character class is only tried where that character stands.)
# "?" right after a double-byte character, W's pinyin, up to four out-of-step characters (ASCII
# punctuation here stands for its full-width form, which a later step made ASCII), then the last
# byte: a lone letter (with the last character's annotation, if any) or "?" + pinyin + ")".
_DAMAGE = re.compile(
    rf"[?？](?<=[^\x00-\x7f][?？])(?:(?P<w>{_PY})[)）])?"
    rf"(?P<garble>(?:[^\x00-\x7f?？（）\s]|[!,;:]){{0,4}}?)"
    rf"(?:(?P<letter>[A-Za-z])(?![A-Za-z])(?:[(（](?P<annot>{_PY})[)）])?|[?？](?P<last>{_PY})[)）])"
)
MARKER = "□"
# Marks a lost character may be; anything else outside CJK means the byte model does not fit.
_MARKS = "，。、；：！？“”‘’《》（）…—·「」『』【】"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CONTEXT = 4  # characters of context on each side that the word model sees
# log(5): the chosen character must make the text at least five times as likely as the next one.
_MARGIN = math.log(5)


@dataclass(frozen=True)
class Repair:
    """One damaged place, repaired: ``text`` stands at [start, end) of the repaired text."""

    start: int
    end: int
    damage: str
    text: str
    sure: bool  # False when some lost character could not be told and is MARKER


def find_damage(text: str) -> bool:
    """Cheap check (one regex, no word list) whether ``text`` has damage to repair."""
    return any(_carries_pinyin(m) for m in _DAMAGE.finditer(text))


def repair_damage(text: str, *, simplify: Callable[[str], str]) -> tuple[str, list[Repair]]:
    """Replace every damaged place by the characters it lost (or MARKER); ``simplify`` maps
    traditional to simplified characters, as the word list is simplified."""
    repairs: list[Repair] = []
    out: list[str] = []
    last = size = 0
    model = _Model(text, simplify)
    for match in _DAMAGE.finditer(text):
        if not _carries_pinyin(match):
            continue
        lost = model.restore(match)
        if lost is None:  # a pinyin that is no syllable: not this damage, leave it
            continue
        out.append(text[last : match.start()])
        size += match.start() - last
        out.append(lost)
        repairs.append(Repair(size, size + len(lost), match.group(), lost, MARKER not in lost))
        size += len(lost)
        last = match.end()
    out.append(text[last:])
    return "".join(out), repairs


def _carries_pinyin(match: re.Match) -> bool:
    # A "?" with neither pinyin is too common (a question mark before a Latin word) to touch.
    return bool(match["w"] or match["last"] or match["annot"])


class _Model:
    def __init__(self, text: str, simplify: Callable[[str], str]):
        self.text = text
        self.simplify = simplify
        # A mark's probability is its share of this text's characters (the word list has no marks).
        size = max(len(text), 1)
        folded = text.translate(_FULL_WIDTH)
        self.mark_logp = {m: math.log((folded.count(m) + 1) / size) for m in _MARKS}

    def restore(self, match: re.Match) -> str | None:
        readings = _readings()
        w_chars = _chars_reading(match["w"], readings)
        tail_reading = match["last"] or match["annot"]
        tail_chars = _chars_reading(tail_reading, readings)
        if w_chars is None or tail_chars is None:
            return None
        garble = match["garble"].translate(_FULL_WIDTH)
        size = len(garble) + 1  # the out-of-step bytes plus W's second byte and the last byte
        try:
            middle = garble.encode("gbk")
        except UnicodeEncodeError:
            return MARKER * size
        if len(middle) != 2 * len(garble):  # a character read out of step is double-byte
            return MARKER * size
        # W's second byte is the first lost character's first byte.
        leads = sorted({_gbk(ch)[1] for ch in w_chars} if match["w"] else range(0x81, 0xFF))
        if match["letter"]:
            ends = [ord(match["letter"])]
        else:
            ends = sorted({_gbk(ch)[1] for ch in tail_chars})
        candidates = set()
        for lead in leads:
            if lead < 0x81:
                continue
            for end in ends:
                try:
                    lost = (bytes([lead]) + middle + bytes([end])).decode("gbk")
                except UnicodeDecodeError:
                    continue
                if len(lost) != size or not all(_CJK.match(ch) or ch in _MARKS for ch in lost):
                    continue
                if tail_reading and lost[-1] not in tail_chars:
                    continue
                candidates.add(lost)
        if not candidates:
            return MARKER * size
        return self._choose(match, sorted(candidates))

    def _choose(self, match: re.Match, candidates: list[str]) -> str:
        left = self.text[max(0, match.start() - _CONTEXT) : match.start()].rsplit("\n", 1)[-1]
        right = self.text[match.end() : match.end() + _CONTEXT].split("\n", 1)[0]
        scored = []
        for lost in candidates:
            window = self.simplify(left + lost + right)
            if len(window) != len(left) + len(lost) + len(right):
                window = self.simplify(left) + self.simplify(lost) + self.simplify(right)
            score, words = self._segment(window)
            scored.append((score, lost, words))
        scored.sort(key=lambda item: (-item[0], item[1]))
        best_score, best, words = scored[0]
        chars = []
        for i, ch in enumerate(best):
            rivals = [score for score, lost, _ in scored if lost[i] != ch]
            decided = not rivals or best_score - max(rivals) >= _MARGIN
            # The choice must rest on the words: the character sits in a word of the best reading,
            # or is a mark; a character no candidate shares with others is fixed by the bytes alone.
            offset = len(left) + i
            in_word = any(a <= offset < b and b - a > 1 for a, b in words)
            supported = in_word or ch in _MARKS or (not rivals and 0 < i < len(best) - 1)
            chars.append(ch if decided and supported else MARKER)
        return "".join(chars)

    def _segment(self, window: str) -> tuple[float, list[tuple[int, int]]]:
        """Best unigram-word reading of ``window`` (jieba's method): log probability and word spans."""
        logp, unknown = _words()
        n = len(window)
        best = [0.0] + [-math.inf] * n
        back = [0] * (n + 1)
        for i in range(1, n + 1):
            for j in range(i):
                piece = window[j:i]
                p = logp.get(piece)
                if p is None and i - j == 1:
                    p = self.mark_logp.get(piece, unknown)
                if p is not None and best[j] + p > best[i]:
                    best[i], back[i] = best[j] + p, j
        spans, i = [], n
        while i > 0:
            spans.append((back[i], i))
            i = back[i]
        return best[n], spans[::-1]


_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！"})


def _gbk(ch: str) -> bytes:
    return ch.encode("gbk")


def _chars_reading(syllable: str | None, readings: dict[str, frozenset[str]]) -> frozenset[str] | None:
    """The characters read ``syllable`` (toned if it has tone marks); None when it is no reading."""
    if not syllable:
        return frozenset()
    key = unicodedata.normalize("NFC", syllable)
    if not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", key)):
        key = _toneless(key)
    return readings.get(key)


def _toneless(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable.rstrip("12345"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ü", "v")


@lru_cache(maxsize=1)
def _readings() -> dict[str, frozenset[str]]:
    """Pinyin (toned, and toneless) -> the double-byte GBK characters that read so."""
    from pypinyin.pinyin_dict import pinyin_dict

    table: dict[str, set[str]] = {}
    for code, values in pinyin_dict.items():
        ch = chr(code)
        try:
            if len(ch.encode("gbk")) != 2:
                continue
        except UnicodeEncodeError:
            continue
        for reading in values.split(","):
            reading = unicodedata.normalize("NFC", reading)
            table.setdefault(reading, set()).add(ch)
            table.setdefault(_toneless(reading), set()).add(ch)
    return {key: frozenset(chars) for key, chars in table.items()}


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, float], float]:
    """jieba's dict.txt as word -> log probability, and the log probability of an unknown character."""
    counts: dict[str, int] = {}
    for word, count, _ in jieba_dictionary():
        counts[word] = counts.get(word, 0) + count
    total = sum(counts.values())
    return {word: math.log(count / total) for word, count in counts.items()}, math.log(1 / total)
