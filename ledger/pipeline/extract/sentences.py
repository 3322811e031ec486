"""Sentences of a tasks section, each with the numbered parts it lies in."""

from __future__ import annotations

import re

from ..types import Part, SectionSpan, Sentence

# A sentence ends after 。！？ (and any closing quotes or brackets after them) or at the end of its line.
_SENTENCE = re.compile(r"[^\n。！？]+(?:[。！？]+[”’」』）)]*)?")
_STOP = re.compile(r"[。！？]")
# The longest sentence of the national reports and the seeds has 362 characters. A "sentence" many times that
# long is text whose full stops were lost; it is read in pieces cut after a semicolon or comma, so that neither
# the reading nor the sentence each row keeps grows with it.
MAX_SENTENCE = 500
_CUT_AFTER = "；，;,"
# The overall-requirements paragraph (…总体要求是：坚持…) sets direction and promises nothing itself.
_OVERALL = re.compile(r"总体要求是|总体要求[：:]|总的要求是|总体思路是")


def section_sentences(text: str, section: SectionSpan) -> list[Sentence]:
    """Every sentence of ``section`` except its heading, the numbered headings (一、… / （一）… and the
    lead sentence of a paragraph opened by one) and the overall-requirements paragraph."""
    parts = sorted(section.parts, key=lambda p: (p.start, p.level))
    headings = {p.start: _heading_end(text, p) for p in parts if not p.number.endswith("是")}
    body_start = section.start
    if section.heading:
        line_end = text.find("\n", section.start, section.end)
        body_start = section.end if line_end < 0 else line_end + 1
    sentences = []
    # Sentences come in order, so the parts enclosing one are kept as they open and close: ``opened`` counts
    # the parts (in order) that start at or before the sentence, ``open_parts`` are those not yet ended.
    opened, open_parts = 0, []
    for p_start, p_end in _lines(text, body_start, section.end):
        if _OVERALL.search(text, p_start, p_end):
            continue
        for start, end in (piece for m in _SENTENCE.finditer(text, p_start, p_end) for piece in _bounded(text, *m.span())):
            if start in headings and end <= headings[start]:
                continue
            while opened < len(parts) and parts[opened].start <= start:
                open_parts.append(parts[opened])
                opened += 1
            open_parts = [p for p in open_parts if start < p.end]
            enclosing = tuple(open_parts)  # every part with p.start <= start < p.end, in the order of parts
            sentences.append(Sentence(start, end, enclosing[-1] if enclosing else None, enclosing))
    return sentences


def _bounded(text: str, start: int, end: int):
    """text[start:end] in pieces of at most MAX_SENTENCE characters, each cut after the last semicolon or comma
    of its second half when there is one."""
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        cut = max(text.rfind(mark, start + MAX_SENTENCE // 2, limit) for mark in _CUT_AFTER)
        cut = cut + 1 if cut >= 0 else limit
        yield start, cut
        start = cut
    yield start, end


def _lines(text: str, start: int, end: int):
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline < 0 else newline
        if stop > position:
            yield position, stop
        position = stop + 1


def _heading_end(text: str, part: Part) -> int:
    """Where a numbered heading's own words end: the end of its lead sentence or of its line."""
    line_end = text.find("\n", part.start)
    line_end = len(text) if line_end < 0 else line_end
    stop = _STOP.search(text, part.start, line_end)
    return stop.end() if stop else line_end
