"""Tasks section -> commitments: one row per promised deliverable, one general row per sentence that
promises nothing checkable, and one per clause of work (落实…机制) that no row of its sentence holds.

- engine.py: the one engine. It cuts a sentence into clauses, tries a table's frames in order and emits
  rows, each carrying the id of the frame that produced it (its rule).
- frames_npc.py, frames_gov.py: the tables of the two kinds of report (a standing committee hears reports
  and makes laws, a government runs programmes and sets targets). A new report style is rows in a table
  plus annotations in tests/data/extraction/.
- readers.py: how a standing-committee frame's object region becomes list items; enumerations.py: the list
  mechanics both tables share (split on 、 and 和, complete from a shared head or tail).
- sentences.py, categories.py: sentence splitting with their numbered parts, and the function a row serves.
The words the frames match on live in ../lexicon/.
"""

from __future__ import annotations

import re

from ..lexicon.verbs import GOV_DIRECTION, GOV_VERBS, NPC_ADVERBS
from ..lexicon.words import CJK_CHAR, alternation
from ..types import Candidate, CommitmentRow, SectionSpan, Sentence
from . import frames_gov, frames_npc
from .categories import category_of
from .sentences import section_sentences

_TABLES = {"npc": frames_npc.candidates, "gov": frames_gov.candidates}


def extract_commitments(
    text: str, sections: list[SectionSpan], *, report_kind: str, limit: int | None = None
) -> list[CommitmentRow]:
    """Every commitment of the report's tasks sections, in reading order, with ordinals from 1; with ``limit``,
    reading stops once there are more rows than that (the caller refuses the text)."""
    find = _TABLES[report_kind]
    rows: list[tuple[Sentence, Candidate]] = []
    for section in sections:
        if section.kind != "tasks":
            continue
        for sentence in section_sentences(text, section):
            if limit is not None and len(rows) > limit:
                break
            found = find(text, sentence)
            if found:
                rows.extend((sentence, candidate) for candidate in found)
                rows.extend((sentence, candidate) for candidate in _left_over(text, sentence, found))
            else:
                rows.append((sentence, Candidate("general", "", "", sentence.start, sentence.end, "general")))
    rows.sort(key=lambda pair: (pair[1].start, pair[1].end))
    # A sentence's rows share its parts: each (kind, sentence) asks for its category once (hashing the parts
    # for category_of's cache costs more than the lookup here).
    categories: dict[tuple[str, int], str] = {}
    out = []
    for ordinal, (sentence, candidate) in enumerate(rows, start=1):
        key = (candidate.kind, id(sentence))
        category = categories.get(key)
        if category is None:
            category = categories[key] = category_of(candidate.kind, sentence.parents)
        out.append(_row(ordinal, text, sentence, candidate, category))
    return out


# A clause of a sentence: up to a comma, semicolon or colon (the sentence's own end left out).
_CLAUSE = re.compile(r"[^，,；;：:。！？!?]+")
# Fewer characters than this is a link between clauses (同时, 为此), not a promise.
_MIN_CLAUSE = 4
# A clause promises work when it opens with a verb of doing (落实…, 健全…机制, 持续推动…, 用好…), after the adverbs a
# standing committee puts before one; a frame (聚焦经济发展, 根据…部署), a fact (今年高校毕业生将高达765万人) or pure
# direction (坚持…) is no row of its own.
DOING = re.compile(
    NPC_ADVERBS + "(?:" + alternation(
        {verb for verbs in GOV_VERBS.values() for verb in verbs.split()} - GOV_DIRECTION, longest_first=True
    ) + ")"
)
# What a sentence's guiding frame acts on (全面贯彻…精神, 实行…的总体思路, 按照…部署): no work to keep track of.
FRAME_END = re.compile(r"(?:精神|思想|思路|总要求|要求|部署|方针)$")


def _left_over(text: str, sentence: Sentence, found: list[Candidate]) -> list[Candidate]:
    """The clauses of a sentence no row of it holds, each a general row: a promise the frames do not read
    (落实…常态化机制, 健全…工作机制) is still in the ledger, for staff to keep, and counted in no rate."""
    covered = [(c.start, c.end) for c in found]
    rows = []
    for clause in _CLAUSE.finditer(text, sentence.start, sentence.end):
        start, end = clause.span()
        if any(s < end and start < e for s, e in covered):
            continue  # a row holds it (the test that rules out most clauses, so it comes first)
        words = clause.group().strip()
        if (
            DOING.match(words)
            and len(CJK_CHAR.findall(words)) >= _MIN_CLAUSE  # not a link word (同时, 为此)
            and not FRAME_END.search(words)
        ):
            rows.append(Candidate("general", "", "", start, end, "general.clause"))
    return rows


def _row(ordinal: int, text: str, sentence: Sentence, candidate: Candidate, category: str) -> CommitmentRow:
    part = sentence.part
    return CommitmentRow(
        ordinal=ordinal,
        kind=candidate.kind,
        action=candidate.action,
        object=candidate.object,
        text=text[candidate.start : candidate.end],
        start=candidate.start,
        end=candidate.end,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        part=part.number if part else "",
        part_heading=part.heading if part else "",
        category=category,
        testable=candidate.kind != "general",
        rule=candidate.rule,
    )
