"""How much room text takes where it is laid out by estimate (a chart's SVG, a spreadsheet's wrapped cells): a wide
(CJK) character about twice a narrow one's. One count of wide characters for both."""

from __future__ import annotations

import re

# East Asian Wide and Fullwidth characters (Hangul, CJK punctuation and ideographs, kana, fullwidth forms).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]"
)


def wide_count(text: str) -> int:
    """How many of ``text``'s characters are wide: one compiled pass, no Python work per character."""
    return len(_WIDE.findall(text))
