"""Review, shortcomings, tasks and other sections of a normalised report, with their numbered parts."""

from __future__ import annotations

from .errors import Notice
from .types import SectionSpan


def read_sections(text: str) -> tuple[list[SectionSpan], list[Notice]]:
    raise NotImplementedError
