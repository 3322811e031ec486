"""Deliverables of a standing committee's tasks section (人大常委会工作报告)."""

from __future__ import annotations

from ..types import Candidate, Sentence


def candidates(text: str, sentence: Sentence) -> list[Candidate]:
    return []
