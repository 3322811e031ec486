"""Deliverables of a government's tasks section (政府工作报告)."""

from __future__ import annotations

from ..types import Candidate, Sentence


def candidates(text: str, sentence: Sentence) -> list[Candidate]:
    return []
