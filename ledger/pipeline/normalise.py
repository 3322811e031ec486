"""Raw decoded text -> the one canonical text every offset in the ledger points into.

Canonical form: one paragraph per line, lines joined by a single "\\n", no blank lines, no
leading/trailing whitespace on a line, no zero-width characters, no trailing newline; newspaper
and web noise removed, hard-wrapped lines and web-extraction fragments joined, pinyin
annotations removed, traditional converted to simplified when the text is mostly traditional,
ASCII punctuation in Chinese context made full-width, characters lost to a slipped GBK byte
restored (see repair.py). ``normalise`` is idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from statistics import median
from typing import NamedTuple

from .errors import Notice, gettext_noop
from .repair import Repair, find_damage, repair_damage

# Chinese characters: the unified ideographs, extension A and the compatibility ideographs.
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_CJK = "".join(f"{chr(low)}-{chr(high)}" for low, high in _CJK_RANGES)
# Chinese characters plus full-width punctuation: an ASCII mark next to one of these is Chinese.
_CJK_CONTEXT = (
    _CJK + "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2014\u2026\u201c\u201d\u2018\u2019"
)

# --- characters -------------------------------------------------------------------------------

# Line ends other than \n, control characters, spaces other than the ASCII one: each once, as the set of
# characters the rare-character scan looks for and as the pattern that cleans them.
_NEWLINE_CHARS = frozenset("\r\u2028\u2029\x0b\x0c\x85")
_CONTROL_CHARS = frozenset(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]))
_OTHER_SPACES = frozenset("\t\u00a0\u1680\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B))))


def _class(chars) -> str:
    return re.escape("".join(sorted(chars)))


_NEWLINES = re.compile(rf"\r\n?|[{_class(_NEWLINE_CHARS - {chr(13)})}]")
_ZW = "\u200b\u200c\u200d\ufeff\u2060\u00ad\u200e\u200f"
_HSPACE = _class({" ", *_OTHER_SPACES})
# A line holding only zero-width characters is an extraction artefact inside a paragraph: drop the
# line with its newline so it neither splits nor separates anything.
_ZW_ONLY_LINE = re.compile(rf"\n[{_HSPACE}]*[{_ZW}][{_HSPACE}{_ZW}]*(?=\n|$)")
_ZW_CHARS = re.compile(rf"[{_ZW}]")
_CONTROLS = re.compile(f"[{_class(_CONTROL_CHARS)}]")
_SPACES = re.compile(rf"[{_HSPACE}]+")
_LINE_EDGES = re.compile(r"^ | $", re.M)
# Full-width digits and Latin letters fold to ASCII so years and numbers read the same everywhere.
_FULLWIDTH_ALNUM = str.maketrans(
    {**{0xFF10 + i: 0x30 + i for i in range(10)}, **{0xFF21 + i: 0x41 + i for i in range(26)},
     **{0xFF41 + i: 0x61 + i for i in range(26)}}
)
_FULLWIDTH_ALNUM_CHARS = frozenset(chr(code) for code in _FULLWIDTH_ALNUM)
# Characters only some texts hold, each of which some cleaning step changes: one scan tells which steps
# have work to do.
_RARE = re.compile(f"[{_class(_NEWLINE_CHARS | set(_ZW) | _CONTROL_CHARS | _OTHER_SPACES | _FULLWIDTH_ALNUM_CHARS)}]")
_MD_HEADING = re.compile(r"^#{1,6} +", re.M)
_MD_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")

# Pinyin after a character: 過(guò), 堅（jian1）. Each group is checked against _SYLLABLE.
_PINYIN_GROUP_RE = r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ]{1,7}[1-5]?[)）]"
# Written to start with the bracket (the character before it checked behind): a pattern that starts with
# a character class is only tried where that character stands.
_PINYIN = re.compile(rf"[(（](?<=[{_CJK}][(（]){_PINYIN_GROUP_RE}(?:[(（]{_PINYIN_GROUP_RE})*")
_PINYIN_GROUP = re.compile(r"[(（]([^)）]+)[)）]")
_SYLLABLE = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:a|o|e|ai|ei|ao|ou|an|en|ang|eng|ong|er|i|ia|ie|iao|iu|ian|in|iang|ing|iong"
    r"|u|ua|uo|uai|ui|uan|un|uang|v|ve|van|vn|ue)|m|n|ng|hm|hng)[1-5]?"
)

# Share of Chinese characters that t2s changes above which a text counts as traditional.
# A traditional text changes roughly a third; a simplified one with a stray 事項 a few in ten thousand.
_TRADITIONAL_SHARE = 0.05

# --- punctuation ------------------------------------------------------------------------------

_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_PAREN_PAIR = re.compile(r"([(（])([^()（）\n]*)([)）])")
_HAS_CJK = re.compile(rf"[{_CJK}]")
# A mark with Chinese context before or after it; written to start with the mark (the character before it
# checked behind), so it is tried only where a mark stands.
_PUNCT = re.compile(rf"[,:;?!()](?:(?<=[{_CJK_CONTEXT}][,:;?!()])|(?=[{_CJK_CONTEXT}]))")
_DQUOTE_PAIR = re.compile(r'"([^"\n]*)"')
_CJK_CONTEXT_CHAR = re.compile(rf"[{_CJK_CONTEXT}]")

# --- noise ------------------------------------------------------------------------------------

_MARKER = (
    r"[（(〔【\[]\s*(?:上接|下转|接|转)\s*第?\s*[A-Za-z]?[0-9一二三四五六七八九十百]+\s*[版页面]"
    r"[^()（）〔〕【】\[\]\n]{0,6}[)）〕】\]]"
)
_MARKER_BARE = r"(?:上接|下转)第?[A-Za-z]?[0-9一二三四五六七八九十百]+[版页]"
# Continuation markers at the start or end of a paragraph: drop the marker, keep the paragraph.
_MARKER_EDGE = re.compile(rf"^(?:{_MARKER}\s*)+|(?:\s*{_MARKER})+$", re.M)
# How every _MARKER opens: a line without it has no marker at its edges (a cheap test before _MARKER_EDGE,
# which is tried at every position of the line).
_MARKER_OPENING = re.compile(r"[（(〔【\[]\s*(?:上接|下转|接|转)")

# Whole lines that are not part of the report. One place to extend: each entry is a pattern for
# the whole (stripped) line; bylines and labels only match short lines so a paragraph never goes.
_NOISE_PATTERNS = (
    _MARKER,
    _MARKER_BARE,
    r"版次\s*[:：].{0,80}",  # edition and byline: 版次:04 作者:2023年02月10日
    r"(?:作者|来源|稿源|责任编辑|编辑|记者|发布时间|发布日期)\s*[:：].{0,60}",
    r"第[0-9一二三四五六七八九十]{1,3}版(?:\s*[:：].{0,30})?",
    r"[•·●▪◦‧∙]\s*[0-9]{1,3}",  # page-number bullets
    r"(?:账号|手机|邮箱)\+密码登录|还没有账号[?？]|立即注册|忘记密码[?？]?|登录|注册|退出登录",
    r"返回顶部|打印本页|关闭窗口|【打印】|【关闭】|分享到[:：]?.{0,30}|扫一扫.{0,20}",
    r"Public domain|true|false",  # wikisource page data
)
# Noise that only shows once fragments are joined into paragraphs (checked after joining).
_NOISE_PARAGRAPH_PATTERNS = (
    r"本作品是中华人民共和国的法律.*",  # wikisource licence note
    r"注[:：]中文维基文库社群认为.*",
)
_NOISE_LINE = re.compile("(?:" + "|".join(_NOISE_PATTERNS) + ")")
_NOISE_PARAGRAPH = re.compile("(?:" + "|".join(_NOISE_PATTERNS + _NOISE_PARAGRAPH_PATTERNS) + ")")

# --- paragraphs -------------------------------------------------------------------------------

_TERMINAL = re.compile(r"[。！？!?；;：:…][”’」』）)]*$")
# A line starting with a closing mark cannot start a paragraph.
_CONTINUES = re.compile(r"^[，。、；：！？）》」』”’,.;:!?)\]%]")
_NUMBER = r"[一二三四五六七八九十]{1,3}"
_NUMBERED_RE = rf"{_NUMBER}、|[（(]{_NUMBER}[)）]|第{_NUMBER}[部分章节]"
_NUMBERED = re.compile(rf"^(?:{_NUMBERED_RE})")
# Lines that start a paragraph of their own: numbered headings, forms of address, datelines,
# section headings such as 2025年的主要任务 / 过去一年主要工作.
_HEADING = re.compile(
    rf"^(?:{_NUMBERED_RE}|各位代表[！!：:，,、]|——\s*\d{{4}}年"
    r"|\d{4}年.{0,16}(?:任务|回顾|安排|部署|要求|计划|工作)[:：]?$"
    r"|(?:过去|今后)[一五]年.{0,8}(?:工作|任务)[:：]?$)"
)
# Stands in for a removed noise line: a paragraph break in every layout. Controls are removed
# before lines are split, so it never occurs in text.
_BREAK = "\x00"
# Longest line taken for a hyperlinked word split out of its sentence (城市轨道交通, 第四代移动通信).
_FRAGMENT_MAX = 12
_ASCII_LETTER_END = re.compile(r"[A-Za-z]$")
_ASCII_LETTER_START = re.compile(r"^[A-Za-z]")


def visible(text: str) -> str:
    """A name or a typed line as it reads: zero-width characters out, spaces collapsed (国务院 with a zero-width space
    typed after it made a second body that displays as 国务院)."""
    return " ".join(_ZW_CHARS.sub("", text).split())


def normalise(raw: str) -> str:
    """Raw decoded text -> the canonical text (see the module docstring)."""
    return normalise_with_noise(raw)[0]


def noise_lines(raw: str) -> list[str]:
    """The noise lines ``normalise`` removes (bylines, continuation markers, widgets), cleaned the same way.

    The metadata reader looks for a byline date (版次:04 作者:2023年02月10日) here.
    """
    return list(normalise_with_noise(raw)[1])


def normalise_with_noise(raw: str) -> tuple[str, tuple[str, ...]]:
    """The canonical text and the noise lines removed from it, in one pass."""
    normalised = normalise_report(raw)
    return normalised.text, normalised.noise


class Normalised(NamedTuple):
    text: str
    noise: tuple[str, ...]  # the noise lines removed, cleaned the same way
    notices: tuple[Notice, ...]  # what staff should know about the text (repaired damage)


def normalise_report(raw: str) -> Normalised:
    """The canonical text, the noise lines removed from it and notices about it, in one pass."""
    text, repairs, simplified = _clean_characters(raw)
    noise: list[str] = []
    lines = _strip_noise(text.split("\n"), noise, _NOISE_LINE)
    paragraphs = _join(lines)
    paragraphs = [p for p in _strip_noise(paragraphs, noise, _NOISE_PARAGRAPH) if p and p != _BREAK]
    paragraphs, truncated = _without_truncated_copies(paragraphs)
    out = _punctuate("\n".join(paragraphs))
    notices = _repair_notices(out, _locate(out, text, repairs, simplified)) if repairs else ()
    notices = (*_control_notices(raw), *_truncated_notices(truncated), *notices)
    return Normalised(out, tuple(_punctuate(line) for line in noise), notices)


def _clean_characters(raw: str) -> tuple[str, list[Repair], bool]:
    """The cleaned text, the damage repaired in it (offsets before t2s) and whether t2s ran."""
    text = unicodedata.normalize("NFC", raw)
    # Each step below runs only where the text has what it changes: one scan finds the rare characters
    # (the steps only remove characters or turn them into "\n", so the set found stays a superset).
    rare = set(_RARE.findall(text))
    if not rare.isdisjoint(_NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
    text = _undoubled(text)  # before lines of invisible characters go, which would leave odd runs of breaks
    if not rare.isdisjoint(_ZW):
        text = _ZW_ONLY_LINE.sub("", text)
        text = _ZW_CHARS.sub("", text)
    if not rare.isdisjoint(_CONTROL_CHARS):
        text = _CONTROLS.sub("", text)
    if not rare.isdisjoint(_OTHER_SPACES) or "  " in text:
        text = _SPACES.sub(" ", text)  # else every run of spaces is one " " already
    if text.startswith(" ") or text.endswith(" ") or "\n " in text or " \n" in text:
        text = _LINE_EDGES.sub("", text)
    if not rare.isdisjoint(_FULLWIDTH_ALNUM_CHARS):
        text = text.translate(_FULLWIDTH_ALNUM)
    if "#" in text:
        text = _MD_HEADING.sub("", text)
    if "**" in text:
        text = _MD_BOLD.sub(r"\1", text)
    if "(" in text or "（" in text:
        text = _PINYIN.sub(_drop_pinyin, text)
    repairs: list[Repair] = []
    # One regex over the text; the word list loads only when it finds damage. Before t2s: the
    # damage is a byte slip in the source's own (traditional) GBK characters.
    if find_damage(text):
        text, repairs = repair_damage(text, simplify=_t2s().convert)
    simplified = _is_traditional(text)
    if simplified:
        text = _t2s().convert(text)
    return text, repairs, simplified


def _drop_pinyin(match: re.Match) -> str:
    groups = _PINYIN_GROUP.findall(match.group())
    if all(_SYLLABLE.fullmatch(_strip_tones(g)) for g in groups):
        return ""
    return match.group()


def _strip_tones(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_CJK_RUN = re.compile(rf"[{_CJK}]+")


@lru_cache(maxsize=1)
def _traditional_chars() -> re.Pattern | None:
    """One character class of every character of _CJK that t2s changes (taken on its own), or None if the
    conversion does not keep one character per line. Built once per process: one conversion of the
    ranges' 28,096 characters, one per line (a few milliseconds)."""
    chars = [chr(code) for low, high in _CJK_RANGES for code in range(low, high + 1)]
    converted = _t2s().convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        return None
    return re.compile("[" + "".join(a for a, b in zip(chars, converted) if a != b) + "]")


def simplified(text: str) -> str:
    """``text`` in simplified characters where it writes traditional ones (what the ledger stores: reports are
    read into simplified script)."""
    traditional = _traditional_chars()
    return _t2s().convert(text) if traditional is not None and traditional.search(text) else text


def _is_traditional(text: str) -> bool:
    """More than _TRADITIONAL_SHARE of the text's Chinese characters are ones t2s changes. Two regex
    passes: the changed characters, then (only when there are some) every Chinese character."""
    traditional = _traditional_chars()
    if traditional is None:
        return False
    changed = len(traditional.findall(text))
    if not changed:
        return False
    total = sum(map(len, _CJK_RUN.findall(text)))
    return changed / total > _TRADITIONAL_SHARE


def _control_notices(raw: str) -> tuple[Notice, ...]:
    """The control characters (NUL above all) that cleaning drops: no text file holds them, so they are a
    sign of a damaged or badly converted file, and staff should hear of them."""
    count = len(_CONTROLS.findall(raw))
    if not count:
        return ()
    return (
        Notice(
            "controls_removed",
            gettext_noop(
                "%(count)d control characters (%(nul)d of them NUL bytes) were removed from the source text; "
                "a text that holds them may be damaged or converted badly: check it against the original."
            ),
            {"count": count, "nul": raw.count("\x00")},
        ),
    )


# --- a paragraph copied, cut short --------------------------------------------------------------

# A paragraph at least this long that the next one starts with, word for word, is a copy a web page or a scrape
# cut short before the whole one (a report does not open two paragraphs alike): its promises would be rows twice.
_COPY_MIN = 20


def _without_truncated_copies(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """The paragraphs without those the next one repeats in full at its start, and those dropped."""
    kept, dropped = [], []
    for index, paragraph in enumerate(paragraphs):
        following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
        if len(paragraph) >= _COPY_MIN and len(following) > len(paragraph) and following.startswith(paragraph):
            dropped.append(paragraph)
        else:
            kept.append(paragraph)
    return kept, dropped


def _truncated_notices(dropped: list[str]) -> tuple[Notice, ...]:
    if not dropped:
        return ()
    return (
        Notice(
            "truncated_copy_removed",
            gettext_noop(
                "%(count)d paragraphs were left out as copies cut short of the paragraph after them (the text "
                "repeats them in full next), so that their promises are not rows twice: %(starts)s"
            ),
            {"count": len(dropped), "starts": "；".join(p[:20] + "…" for p in dropped)},
        ),
    )


# --- repaired damage ---------------------------------------------------------------------------

_CJK_RUN_END = re.compile(rf"[{_CJK}]{{0,3}}$")
_PLACE_CONTEXT = 2


def _locate(out: str, cleaned: str, repairs: list[Repair], simplified: bool) -> list[tuple[int | None, Repair]]:
    """Where each repair stands in the canonical text, None if it cannot be found.

    Searched in order, by the repaired characters with the Chinese characters right before them:
    the steps after the repair only drop noise lines, join lines and change ASCII marks, and t2s
    keeps the length, so ``repair.start`` is still an offset into ``cleaned``.
    """
    found: list[tuple[int | None, Repair]] = []
    position = 0
    for repair in repairs:
        # ``cleaned`` is already simplified when ``simplified``; the repaired characters are not.
        left = _CJK_RUN_END.search(cleaned, 0, repair.start).group()
        text = _t2s().convert(repair.text) if simplified else repair.text
        at = out.find(left + text, position)
        start = at + len(left) if at >= 0 else out.find(text, position)
        if start < 0:
            found.append((None, repair))
            continue
        found.append((start, repair))
        position = start + len(text)
    return found


def _repair_notices(out: str, located: list[tuple[int | None, Repair]]) -> tuple[Notice, ...]:
    """One notice for the places restored, one for those marked as lost; each place is shown with
    two characters either side and its offset, and listed in ``repairs`` for programs."""
    notices = []
    for sure, code, template in (
        (
            True,
            "text_repaired",
            gettext_noop(
                "%(count)d places of the source text had lost characters (shown as ? with pinyin and "
                "stray letters); they were restored from a Chinese word list: %(places)s. Check them "
                "against the original document."
            ),
        ),
        (
            False,
            "text_damaged",
            gettext_noop(
                "%(count)d places of the source text had lost characters that could not be told "
                "with confidence; they are marked □: %(places)s."
            ),
        ),
    ):
        places = [(start, repair) for start, repair in located if repair.sure == sure]
        if not places:
            continue
        rows, shown = [], []
        for start, repair in places:
            if start is None:
                rows.append({"start": None, "end": None, "text": repair.text, "damage": repair.damage})
                shown.append(f"“{repair.text}”")
                continue
            end = start + len(repair.text)
            rows.append({"start": start, "end": end, "text": out[start:end], "damage": repair.damage})
            context = out[max(0, start - _PLACE_CONTEXT) : end + _PLACE_CONTEXT].replace("\n", " ")
            shown.append(f"“{context}”（{start}）")
        notices.append(Notice(code, template, {"count": len(rows), "places": "、".join(shown), "repairs": rows}))
    return tuple(notices)


def _strip_noise(lines: list[str], noise: list[str], pattern: re.Pattern) -> list[str]:
    """Noise lines become _BREAK (a hard paragraph break); edge markers are cut off their paragraph."""
    out = []
    for line in lines:
        if line and pattern.fullmatch(line):
            noise.append(line)
            out.append(_BREAK)
            continue
        if _MARKER_OPENING.search(line):
            markers = [m.group().strip() for m in _MARKER_EDGE.finditer(line)]
            if markers:
                noise.extend(markers)
                line = _MARKER_EDGE.sub("", line).strip()
        out.append(line)
    return out


_BREAKS = re.compile(r"\n+")
# A copy with every line break doubled (a web page's or a word processor's: a paragraph per line) has breaks of two
# and of four or more only, and of each kind enough to tell that its breaks once were single and double.
_DOUBLED_LEAST = 5


def _undoubled(text: str) -> str:
    """The text with its line breaks halved where every one was doubled: its single breaks (a line wrapped within a
    paragraph) and double ones (between paragraphs) read as in the copy it was made from, which normalises alike."""
    runs = [len(run) for run in _BREAKS.findall(text.strip("\n"))]
    if not runs or any(run % 2 for run in runs):
        return text
    if sum(run == 2 for run in runs) < _DOUBLED_LEAST or sum(run >= 4 for run in runs) < _DOUBLED_LEAST:
        return text  # breaks of two only: a blank line between paragraphs, as many reports are written
    return _BREAKS.sub(lambda run: "\n" * (len(run.group()) // 2), text)


def _width(line: str) -> float:
    # CJK is 3 bytes in UTF-8 and two columns wide; ASCII is one of each.
    return len(line) + (len(line.encode("utf-8")) - len(line)) / 2


def _join(lines: list[str]) -> list[str]:
    column = _column_width(lines)
    if column:
        paragraphs = _join_column(lines, column)
    elif _blank_separated(lines):
        paragraphs = _join_fragments(lines)
    else:
        paragraphs = [line for line in lines if line and line != _BREAK]
    return _join_continuations(paragraphs)


def _column_width(lines: list[str]) -> float | None:
    """The column width of a hard-wrapped text (a newspaper column), None for any other text."""
    body = [line for line in lines if line and line != _BREAK]
    if len(body) < 8:
        return None
    widths = [_width(line) for line in body]
    width = median(widths)
    if width > 80:
        return None
    full = [line for line, w in zip(body, widths) if abs(w - width) <= 4]
    too_wide = sum(1 for w in widths if w > width + 8)
    if len(full) < 0.6 * len(body) or too_wide > 0.05 * len(body):
        return None
    # Wrapped lines mostly break mid-sentence; a list of short complete lines does not.
    mid_sentence = sum(1 for line in full if not _TERMINAL.search(line))
    return width if mid_sentence >= 0.5 * len(full) else None


def _join_column(lines: list[str], width: float) -> list[str]:
    body = [(line, _width(line)) for line in lines if line]
    paragraphs: list[str] = []
    current = ""
    ends = True
    for i, (line, w) in enumerate(body):
        if line == _BREAK:
            ends = True
            continue
        if current and not ends and not _HEADING.match(line):
            current = _glue(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        ends = _ends_paragraph(line, w, _next_line(body, i), width)
    if current:
        paragraphs.append(current)
    return paragraphs


def _next_line(body: list[tuple[str, float]], i: int) -> tuple[str, float] | None:
    following = body[i + 1] if i + 1 < len(body) else None
    return None if following is None or following[0] == _BREAK else following


def _ends_paragraph(line: str, w: float, following: tuple[str, float] | None, width: float) -> bool:
    if following is None:
        return True
    if w > width + 8:  # wider than the column: a title or a line set apart
        return True
    if w < 0.7 * width:
        return True
    # A numbered heading that does not fill its (indented) first line is complete.
    if _NUMBERED.match(line) and w < width - 5:
        return True
    if _TERMINAL.search(line):
        # A paragraph's first line is indented, so a shorter line after a sentence end starts one.
        return w < width - 3 or following[1] < width - 3
    return False


def _blank_separated(lines: list[str]) -> bool:
    """True when blank lines separate paragraphs, so a single newline is only a broken line."""
    pairs = blank_pairs = 0
    seen = False
    gap = False
    for line in lines:
        if not line or line == _BREAK:
            gap = True
            continue
        if seen:
            pairs += 1
            blank_pairs += gap
        seen, gap = True, False
    return pairs > 0 and blank_pairs >= 0.5 * pairs


def _join_fragments(lines: list[str]) -> list[str]:
    """Join lines broken by web extraction (a hyperlinked word on its own line) inside paragraphs."""
    paragraphs: list[str] = []
    previous = ""
    for i, line in enumerate(lines):
        if not line or line == _BREAK:
            if previous:
                paragraphs.append(previous)
            previous = ""
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if previous and _fragment_continues(previous, line, following):
            previous = _glue(previous, line)
        else:
            if previous:
                paragraphs.append(previous)
            previous = line
    if previous:
        paragraphs.append(previous)
    return paragraphs


def _fragment_continues(previous: str, line: str, following: str) -> bool:
    if _CONTINUES.match(line):
        return True
    if _HEADING.match(line) or _HEADING.match(previous):
        return False
    if not _TERMINAL.search(previous):
        return True
    # A short unterminated piece with text right before and after it is a link inside a paragraph.
    return (
        len(line) <= _FRAGMENT_MAX
        and not _TERMINAL.search(line)
        and following not in ("", _BREAK)
    )


def _join_continuations(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for paragraph in paragraphs:
        if out and _CONTINUES.match(paragraph):
            out[-1] = _glue(out[-1], paragraph)
        else:
            out.append(paragraph)
    return out


def _glue(left: str, right: str) -> str:
    # Chinese joins without a space; only two Latin words broken at a line end need one.
    if _ASCII_LETTER_END.search(left) and _ASCII_LETTER_START.match(right):
        return left + " " + right
    return left + right


def _punctuate(text: str) -> str:
    """ASCII punctuation in Chinese context -> full-width; purely Latin/number contexts keep ASCII."""
    text = _DQUOTE_PAIR.sub(_quote_pair, text)
    # Converting one mark can put the next one in Chinese context ("(1),(2)"): repeat to a fixed point.
    for _ in range(5):
        before = text
        text = _PAREN_PAIR.sub(_paren_pair, text)
        text = _PUNCT.sub(_full_width, text)
        if text == before:
            break
    return text


def _quote_pair(match: re.Match) -> str:
    return f"“{match.group(1)}”" if _HAS_CJK.search(match.group(1)) else match.group()


def _paren_pair(match: re.Match) -> str:
    opening, inner, closing = match.groups()
    if opening == "（" and closing == "）":
        return match.group()
    string, start, end = match.string, match.start(), match.end()
    before = string[start - 1] if start else ""
    after = string[end] if end < len(string) else ""
    # Both halves of a pair change together, so a half-converted pair (（2024)) is completed.
    half_converted = opening == "（" or closing == "）"
    if half_converted or _HAS_CJK.search(inner) or _is_cjk_context(before) or _is_cjk_context(after):
        return f"（{inner}）"
    return match.group()



def _is_cjk_context(ch: str) -> bool:
    return bool(ch) and bool(_CJK_CONTEXT_CHAR.match(ch))


def _full_width(match: re.Match) -> str:
    mark = match.group()
    string, start = match.string, match.start()
    # Digit separators stay ASCII: 1,900 and 2:1.
    if mark in ",:" and 0 < start < len(string) - 1:
        if string[start - 1].isdigit() and string[start + 1].isdigit():
            return mark
    return _HALF_TO_FULL[mark]
