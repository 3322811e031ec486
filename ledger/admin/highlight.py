"""A span of text as HTML with marked passages: commitments in a tasks section, evidence in a review.

Marks may overlap (two commitments' evidence in one passage); the text is cut at every mark boundary
and each piece carries every mark over it, so what is shown is exactly text[start:end].
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..selectors import search_words


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    css: str
    href: str = ""
    title: str = ""


def highlight(text: str, start: int, end: int, marks: list[Mark], *, paragraphs: bool = True) -> SafeString:
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    pieces = []
    for left, right in zip(cuts, cuts[1:]):
        over = [m for m in inside if m.start <= left and m.end >= right]
        piece = escape(text[left:right])
        if paragraphs:
            piece = piece.replace("\n", "</p><p>")
        if over:
            first = next((m for m in over if m.href), over[0])
            classes = " ".join(sorted({m.css for m in over}))
            titles = " / ".join(m.title for m in over if m.title)
            tag = "a" if first.href else "mark"
            href = format_html(' href="{}"', first.href) if first.href else ""
            piece = f'<{tag} class="ledger-mark {classes}"{href} title="{escape(titles)}">{piece}</{tag}>'
        pieces.append(piece)
    body = "".join(pieces)
    return mark_safe(f"<p>{body}</p>" if paragraphs else body)


def search_hit(text: str, term: str, *, width: int = 60) -> SafeString:
    """``text`` cut to ``width`` characters around the first word of ``term`` it holds, every word of the search
    marked (<mark class="ledger-hit">), as the changelist shows a row found by a search."""
    lower = text.lower()
    marks, first = [], None
    for word in search_words(term):
        at = lower.find(word.lower())
        while at >= 0:
            marks.append(Mark(at, at + len(word), "ledger-hit"))
            first = at if first is None else min(first, at)
            at = lower.find(word.lower(), at + len(word))
    if len(text) <= width:
        left, right = 0, len(text)
    else:
        left = 0 if first is None or first < width - 10 else min(first - 10, len(text) - width)
        right = min(len(text), left + width)
    body = highlight(text, left, right, marks, paragraphs=False)
    return mark_safe(("…" if left else "") + body + ("…" if right < len(text) else ""))
