"""Which function of the standing committee a commitment serves (legislation, oversight …)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..types import Part

# What a row's kind says outright; other kinds take the function named by their part heading.
_BY_KIND = {
    "legislation": "legislation",
    "leg_research": "legislation",
    "report": "oversight",
    "inspection": "oversight",
    "inquiry": "oversight",
    "evaluation": "oversight",
    "oversight": "oversight",
    "decision": "decision_appointment",
}
# Part headings name their function; first match wins, so narrower words come first.
_BY_HEADING = (
    ("representatives", re.compile(r"代表")),
    ("legislation", re.compile(r"立法|法治|良法|法规")),
    ("oversight", re.compile(r"监督")),
    ("decision_appointment", re.compile(r"决定|任免|重大事项")),
    ("self_building", re.compile(r"自身建设|四个机关|履职能力|机关建设|能力建设|履职水平")),
    ("political", re.compile(r"党的(?:全面)?领导|政治|理论武装|党的创新理论|思想")),
)


@lru_cache(maxsize=1024)  # a report has a few dozen parts and kinds: each pair is read once
def category_of(kind: str, parts: tuple[Part, ...]) -> str:
    if kind in _BY_KIND:
        return _BY_KIND[kind]
    for part in parts:
        for category, pattern in _BY_HEADING:
            if pattern.search(part.heading):
                return category
    return "other"
