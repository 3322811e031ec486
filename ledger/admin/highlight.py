"""A span of text as HTML with marked passages: commitments in a tasks section, evidence in a review.

Marks may overlap (two commitments' evidence in one passage); the text is cut at every mark boundary
and each piece carries every mark over it, so what is shown is exactly text[start:end].
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


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
