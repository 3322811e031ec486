"""Extracted rows against a hand annotation: a row matches when kinds agree and objects agree after
normalisation. Pure Python, shared by the extraction benchmark and the tests."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

# Marks that wrap or separate words but carry no meaning for matching.
_NOISE = re.compile(r"[《》〈〉“”‘’\"'「」『』（）()\[\]【】，。、；：！？,.;:!?\s·—\-]")
_TRAILING = re.compile(r"(?:等|等等)+$")


def normalise_object(text: str) -> str:
    return _TRAILING.sub("", _NOISE.sub("", text))


@dataclass
class Score:
    expected: int = 0
    predicted: int = 0
    matched: int = 0
    missed: list = field(default_factory=list)  # expected rows with no match
    spurious: list = field(default_factory=list)  # predicted testable rows with no match
    by_kind: Counter = field(default_factory=Counter)  # kind -> matched

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 0.0

    def __iadd__(self, other: "Score") -> "Score":
        self.expected += other.expected
        self.predicted += other.predicted
        self.matched += other.matched
        self.missed += other.missed
        self.spurious += other.spurious
        self.by_kind += other.by_kind
        return self


def score(predicted: list, expected: list[dict]) -> Score:
    """``predicted``: CommitmentRow-like objects (kind, object, testable); ``expected``: annotation rows."""
    testable = [row for row in predicted if row.testable]
    pool: dict[tuple[str, str], list] = {}
    for row in testable:
        pool.setdefault((row.kind, normalise_object(row.object)), []).append(row)
    result = Score(expected=len(expected), predicted=len(testable))
    used = set()
    for gold in expected:
        candidates = pool.get((gold["kind"], normalise_object(gold["object"])), [])
        if candidates:
            used.add(id(candidates.pop(0)))
            result.matched += 1
            result.by_kind[gold["kind"]] += 1
        else:
            result.missed.append(gold)
    result.spurious = [row for row in testable if id(row) not in used]
    return result
